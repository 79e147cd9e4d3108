package dev.redkit.spring.boot.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redkit operations console ({@code redkit.console.*}; needs redkit-console on the class path and a servlet web
 * application). Off unless {@code enabled}; then mounted at {@code path} (default {@code /redkit}). Authentication:
 * {@code token} when set (a login form and {@code Authorization: Bearer}); otherwise the user the application's
 * own security (Spring Security, say) put on the servlet request, who must hold {@code role} (default
 * {@code REDKIT_CONSOLE}). With neither, the console refuses every request with 401.
 */
@ConfigurationProperties("redkit.console")
public class RedkitConsoleProperties {

    /** Mounts the console. */
    private boolean enabled;

    /** Where the console is mounted. */
    private String path = "/redkit";

    /** Shared secret of at least 16 characters; when unset, the servlet request's authenticated user is trusted. */
    private @Nullable String token;

    /** The role the servlet request's user needs when no token is set. */
    private String role = "REDKIT_CONSOLE";

    /** Refuses every mutation (replay, purge, reset, revoke). */
    private boolean readOnly;

    /** How often the charts sample while the console is in use. */
    private Duration sampleInterval = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public @Nullable String getToken() {
        return token;
    }

    public void setToken(@Nullable String token) {
        this.token = token;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public Duration getSampleInterval() {
        return sampleInterval;
    }

    public void setSampleInterval(Duration sampleInterval) {
        this.sampleInterval = sampleInterval;
    }

    @Override
    public String toString() {
        return "RedkitConsoleProperties{enabled=" + enabled + ", path=" + path + ", token="
                + (token == null ? "none" : "****") + ", role=" + role + ", readOnly=" + readOnly + ", sampleInterval="
                + sampleInterval + '}';
    }
}

package dev.redkit.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * One builder option that may be set at most once, as every Redkit builder's options are: a second call is a
 * mistake (two configuration sources fighting over one value) and fails with an {@link IllegalStateException}
 * that names the option and its earlier value, as Caffeine's builders do.
 * <!-- snippet: CoreSnippets#setOnce -->
 * <pre>{@code
 * private final SetOnce<Duration> ttl = SetOnce.withDefault("ttl", Duration.ofMinutes(5));
 *
 * public MyComponentBuilder ttl(Duration ttl) {
 *     this.ttl.set(Checks.positive(ttl, "ttl")); // validate first, then record
 *     return this;
 * }
 * }</pre>
 * A secret option ({@link #secret(String)}) never shows its value in the message. Not thread-safe, like the
 * builders that hold it.
 *
 * @param <T> the option's type
 */
public final class SetOnce<T> {

    private final String field;
    private final boolean secret;
    private @Nullable T value;
    private boolean set;

    private SetOnce(String field, @Nullable T defaultValue, boolean secret) {
        this.field = Checks.notEmpty(field, "field", 200);
        this.value = defaultValue;
        this.secret = secret;
    }

    /**
     * An option with a default, which {@link #get()} returns until the option is set.
     *
     * @param field the option's name, as the builder method is called
     * @param defaultValue the default, not null
     * @param <T> the option's type
     * @return the unset option
     * @throws IllegalArgumentException if {@code field} is empty or {@code defaultValue} is null
     */
    public static <T> SetOnce<T> withDefault(String field, T defaultValue) {
        return new SetOnce<>(field, Checks.notNull(defaultValue, "defaultValue"), false);
    }

    /**
     * An option without a default: {@link #orNull()} returns {@code null} until it is set, for options whose
     * default is computed in {@code build()} from other options or from the connector.
     *
     * @param field the option's name
     * @param <T> the option's type
     * @return the unset option
     */
    public static <T> SetOnce<T> unset(String field) {
        return new SetOnce<>(field, null, false);
    }

    /**
     * An option without a default whose value must not appear in messages (a key, a password).
     *
     * @param field the option's name
     * @param <T> the option's type
     * @return the unset option
     */
    public static <T> SetOnce<T> secret(String field) {
        return new SetOnce<>(field, null, true);
    }

    /**
     * Records the option's value. Validate the value first: a refused value leaves the option unset.
     *
     * @param newValue the value, already validated by the caller; may be null only where the option documents
     *     what null means
     * @throws IllegalStateException if the option was set before: {@code "<field> was already set to <old>"}
     *     ({@code "<field> was already set"} for a secret)
     */
    public void set(@Nullable T newValue) {
        if (set) {
            throw new IllegalStateException(
                    secret ? field + " was already set" : field + " was already set to " + value);
        }
        this.value = newValue;
        this.set = true;
    }

    /**
     * The value set, else the default.
     *
     * @return the value
     * @throws IllegalStateException if the option has neither a value nor a default (use {@link #orNull()})
     */
    public T get() {
        T v = value;
        if (v == null) {
            throw new IllegalStateException(field + " must be set");
        }
        return v;
    }

    /**
     * The value set, else the default, else {@code null}.
     *
     * @return the value or null
     */
    public @Nullable T orNull() {
        return value;
    }

    /**
     * Whether {@link #set} was called.
     *
     * @return {@code true} once set
     */
    public boolean isSet() {
        return set;
    }

    @Override
    public String toString() {
        return field + '=' + (secret ? (set ? "(set)" : "(unset)") : String.valueOf(value));
    }
}

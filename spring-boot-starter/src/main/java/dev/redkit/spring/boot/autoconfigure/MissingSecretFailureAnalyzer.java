package dev.redkit.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link MissingSecretException} into Boot's "APPLICATION FAILED TO START" report. */
class MissingSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set " + cause.property() + " (for example "
                        + cause.property()
                                .toUpperCase(java.util.Locale.ROOT)
                                .replace('.', '_')
                                .replace("-", "") + " in the environment), or redkit.dev-mode=true for development.",
                cause);
    }
}

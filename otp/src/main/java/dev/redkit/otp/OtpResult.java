package dev.redkit.otp;

/**
 * The outcome of {@link OtpService#verify(String, String, String)}: a {@link Status} and, for
 * {@link Status#INVALID}, how many more wrong submissions are accepted before the code locks or the
 * (purpose, destination) is locked out.
 * <!-- snippet: OtpSnippets#otpResult -->
 * <pre>{@code
 * OtpResult result = otp.verify("login", phone, submitted);
 * switch (result.status()) {
 *     case VERIFIED:
 *         return signIn(phone);
 *     case INVALID:
 *         return "Wrong code, " + result.attemptsLeft() + " attempts left";
 *     case EXPIRED:
 *         return "No valid code: ask for a new one";
 *     case LOCKED:
 *         return "Too many wrong codes: ask for a new one";
 *     case LOCKED_OUT:
 *         return "Too many wrong codes today: try again tomorrow";
 * }
 * }</pre>
 *
 * @param status what happened
 * @param attemptsLeft for {@link Status#INVALID}, the wrong submissions still allowed at this moment: the
 *     smaller of what the code tolerates before it locks and what the failure budget of the (purpose,
 *     destination) still allows (0 means the next submission gets {@link Status#LOCKED} or
 *     {@link Status#LOCKED_OUT}); 0 for every other status
 */
public record OtpResult(Status status, int attemptsLeft) {

    private static final OtpResult VERIFIED = new OtpResult(Status.VERIFIED, 0);
    private static final OtpResult EXPIRED = new OtpResult(Status.EXPIRED, 0);
    private static final OtpResult LOCKED = new OtpResult(Status.LOCKED, 0);
    private static final OtpResult LOCKED_OUT = new OtpResult(Status.LOCKED_OUT, 0);

    /**
     * Checks the components.
     *
     * @param status the status
     * @param attemptsLeft the attempts left
     * @throws IllegalArgumentException if status is null, attemptsLeft is negative, or non-zero for a
     *     status other than {@link Status#INVALID}
     */
    public OtpResult {
        if (status == null) {
            throw new IllegalArgumentException("status must not be null");
        }
        if (attemptsLeft < 0 || (status != Status.INVALID && attemptsLeft != 0)) {
            throw new IllegalArgumentException(
                    "attemptsLeft must be 0 for " + status + " and not negative, was " + attemptsLeft);
        }
    }

    /** The outcomes of a verification. */
    public enum Status {
        /** The code matched; it is now used up and will never verify again. */
        VERIFIED,
        /** The code did not match (or was malformed); the attempt was counted. */
        INVALID,
        /** No live code: it expired, was already used, or none was issued for this purpose and destination. */
        EXPIRED,
        /** The code had {@code maxAttempts} wrong submissions; it stays locked until it expires or is replaced. */
        LOCKED,
        /**
         * The (purpose, destination) had {@code maxFailures} failed verifications, over all its codes, within
         * the failure window (default 100 per rolling 24 hours; see
         * {@link OtpServiceBuilder#maxFailures(int, java.time.Duration)}). The submission was not compared,
         * even a right code is refused, and nothing changed; submissions are accepted again as the oldest
         * of those failures grow one window old. A new code does not lift it.
         */
        LOCKED_OUT
    }

    /** @return the result for a matching code */
    public static OtpResult verified() {
        return VERIFIED;
    }

    /**
     * A wrong code.
     *
     * @param attemptsLeft wrong submissions still allowed, 0 or more
     * @return the result
     */
    public static OtpResult invalid(int attemptsLeft) {
        return new OtpResult(Status.INVALID, attemptsLeft);
    }

    /** @return the result when no live code exists */
    public static OtpResult expired() {
        return EXPIRED;
    }

    /** @return the result for a locked code */
    public static OtpResult locked() {
        return LOCKED;
    }

    /** @return the result when the failure budget of the (purpose, destination) is spent */
    public static OtpResult lockedOut() {
        return LOCKED_OUT;
    }

    /** @return whether the code matched and was consumed */
    public boolean isVerified() {
        return status == Status.VERIFIED;
    }

    @Override
    public String toString() {
        return status == Status.INVALID ? "INVALID(attemptsLeft=" + attemptsLeft + ')' : status.name();
    }
}

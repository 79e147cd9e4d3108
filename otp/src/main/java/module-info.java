/**
 * Redkit OTP: issue and verify one-time codes (SMS, e-mail) on Redis with resend cooldowns, send caps,
 * attempt limits and single use. Only {@code dev.redkit.otp} is exported; the internal package is opened
 * to {@code dev.redkit.core} alone, so that {@link dev.redkit.core.LuaScript} can read its {@code .lua}
 * resources.
 */
module dev.redkit.otp {
    requires transitive dev.redkit.core;

    exports dev.redkit.otp;

    opens dev.redkit.otp.internal to
            dev.redkit.core;
}

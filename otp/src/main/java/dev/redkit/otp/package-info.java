/**
 * One-time codes on Redis: {@link dev.redkit.otp.OtpService} issues a code for a (purpose, destination)
 * pair and verifies it once, with a resend cooldown, a send cap per destination, an attempt limit and
 * single use, each operation one atomic script and one round trip. Codes are stored only as HMACs.
 * Build a service with {@link dev.redkit.otp.OtpService#builder(dev.redkit.core.RedisConnector, String, byte[])}.
 */
@NullMarked
package dev.redkit.otp;

import org.jspecify.annotations.NullMarked;

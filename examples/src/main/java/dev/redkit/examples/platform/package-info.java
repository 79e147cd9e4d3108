/** The example platform application: sessions, OTP, rate limits, caching, jobs, locks, leaderboards and analytics in one HTTP service. */
@NullMarked
package dev.redkit.examples.platform;

import org.jspecify.annotations.NullMarked;

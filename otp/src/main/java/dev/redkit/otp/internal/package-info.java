/**
 * Implementation of {@code dev.redkit.otp}: the Redis-backed service, its Lua scripts, code generation
 * and destination normalisation. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.otp.internal;

import org.jspecify.annotations.NullMarked;

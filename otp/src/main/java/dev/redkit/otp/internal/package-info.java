/**
 * Implementation of {@code dev.redkit.otp}: the Redis-backed service, its Lua scripts, code generation
 * and destination normalisation. Not exported; may change without notice.
 */
package dev.redkit.otp.internal;

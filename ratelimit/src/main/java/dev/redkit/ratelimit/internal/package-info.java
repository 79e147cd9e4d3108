/**
 * Implementation of the rate limiters: the Lua scripts and the code that runs them. Not exported; may
 * change without notice.
 */
package dev.redkit.ratelimit.internal;

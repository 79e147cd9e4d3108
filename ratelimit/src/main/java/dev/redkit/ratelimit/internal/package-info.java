/**
 * Implementation of the rate limiters: the Lua scripts and the code that runs them. Not exported; may
 * change without notice.
 */
@NullMarked
package dev.redkit.ratelimit.internal;

import org.jspecify.annotations.NullMarked;

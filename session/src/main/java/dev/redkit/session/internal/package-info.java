/**
 * Implementation of the session store and its Lua scripts. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.session.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Implementation of the session store and its Lua scripts. Not exported; may change without notice.
 */
package dev.redkit.session.internal;

/**
 * Redkit lock: distributed leases on Redis with owner tokens, fencing tokens, watchdog renewal and
 * lost-lease callbacks. Only {@code dev.redkit.lock} is exported. The implementation package is opened
 * to {@code dev.redkit.core} so that {@code LuaScript.fromResource} can read the {@code .lua} resources
 * that live next to it when the module runs on the module path.
 */
module dev.redkit.lock {
    requires transitive dev.redkit.core;
    requires org.slf4j;

    exports dev.redkit.lock;

    opens dev.redkit.lock.internal to
            dev.redkit.core;
}

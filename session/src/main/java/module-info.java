/**
 * Redkit session: login sessions in Redis with sliding and absolute expiry, a per-user index, a
 * per-user session limit and revocation. Only {@code dev.redkit.session} is exported.
 */
module dev.redkit.session {
    requires transitive dev.redkit.core;

    exports dev.redkit.session;
    // LuaScript.fromResource (in core) reads the .lua resources of this package
    opens dev.redkit.session.internal to
            dev.redkit.core;
}

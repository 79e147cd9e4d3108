package dev.redkit.lock;

import dev.redkit.core.RedisConnector;

/** The documented key layout, rebuilt independently of the implementation. */
final class Keys {
    private Keys() {}

    static String owner(RedisConnector c, String instance, String name) {
        return c.keySpace("lock", instance).slot(name).key("owner");
    }

    static String fence(RedisConnector c, String instance, String name) {
        return c.keySpace("lock", instance).slot(name).key("fence");
    }
}

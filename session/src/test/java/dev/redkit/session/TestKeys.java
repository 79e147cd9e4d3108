package dev.redkit.session;

import java.nio.charset.StandardCharsets;

/** The session key the tests build their stores with ({@link SessionStoreBuilder#secret(byte[])} is required). */
final class TestKeys {

    static final byte[] SESSION_KEY = "session-test-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private TestKeys() {}
}

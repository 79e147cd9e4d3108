package dev.redkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.LuaScript;
import org.junit.jupiter.api.Test;

class ScriptsTest {

    @Test
    void everyScriptLoadsAndDocumentsKeysArgvAndReturn() {
        assertThat(QueueImpl.SCRIPTS).hasSize(12);
        for (LuaScript s : QueueImpl.SCRIPTS) {
            assertThat(s.sha1()).hasSize(40);
            assertThat(s.source())
                    .as(s.name())
                    .startsWith("--")
                    .contains("KEYS[1]")
                    .contains("ARGV")
                    .contains("Returns");
        }
        assertThat(QueueImpl.SCRIPTS.stream().map(LuaScript::sha1).distinct()).hasSize(12);
    }

    @Test
    void bridgeStagingKeySharesTheSourceSlot() {
        assertThat(ListBridgeImpl.hashTag("queue:emails")).isEqualTo("queue:emails");
        assertThat(ListBridgeImpl.hashTag("jobs:{emails}:in")).isEqualTo("emails");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListBridgeImpl.hashTag("a{}b"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ListBridgeImpl.hashTag("a}b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

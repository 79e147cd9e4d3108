package dev.redkit.spring.boot.autoconfigure;

import java.util.Map;

/** What the health contributor reads of the workers, without loading queue classes when the module is absent. */
interface RedkitWorkersStatus {

    /** @return each queue's name and whether all its workers are still fetching */
    Map<String, Boolean> status();
}

package dev.redkit.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A {@link RedisBackend} whose server has one replica on loopback, for strict-mode ({@code WAIT}) benchmarks. */
@State(Scope.Benchmark)
public class ReplicatedBackend extends RedisBackend {

    @Override
    protected boolean withReplica() {
        return true;
    }
}

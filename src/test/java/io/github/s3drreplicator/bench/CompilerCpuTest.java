package io.github.s3drreplicator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A thread's line of {@code /proc/PID/task/TID/stat}: the compiler threads' user and system ticks, no one else's. */
class CompilerCpuTest {

    @ParameterizedTest(name = "{0}: {1} ticks")
    @CsvSource(delimiter = '|', value = {
        "C2 CompilerThre | 125",
        "C1 CompilerThre | 125",
        "main            | 0",
        "Camel (camel-1) | 0",
        "a (tricky) name | 0",
    })
    void countsTheCompilerThreadsOnly(String name, long ticks) {
        String line = "4242 (" + name + ") S 1 4242 4242 0 -1 4194368 10 0 0 0 100 25 0 0 20 0 30 0 2775426 0 0";

        assertThat(CompilerCpu.compilerTicks(line)).isEqualTo(ticks);
    }
}

package io.github.s3drreplicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.s3drreplicator.cli.ShortCommandJit.Choice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShortCommandJitTest {

    static Stream<Arguments> choices() {
        return Stream.of(
                // the service and the benchmark keep the JVM as started
                Arguments.of("run", "", "", Choice.AS_STARTED),
                Arguments.of("", "", "", Choice.AS_STARTED),
                Arguments.of("bench", "", "", Choice.AS_STARTED),
                Arguments.of("--sandbox", "", "", Choice.AS_STARTED),
                // the short commands run with the quick compiler only, JVM options and properties carried over
                Arguments.of("audit", "", "", Choice.QUICK_COMPILER_JVM),
                Arguments.of("restore", "-Xmx512m -Dreplicator.source.bucket=prod", "", Choice.QUICK_COMPILER_JVM),
                Arguments.of("breaker", "-XX:StartFlightRecording=filename=x.jfr", "", Choice.QUICK_COMPILER_JVM),
                Arguments.of("audit", "", "JDK_JAVA_OPTIONS", Choice.QUICK_COMPILER_JVM),
                // the user chose the compiler
                Arguments.of("audit", "-XX:TieredStopAtLevel=4", "", Choice.AS_STARTED),
                Arguments.of("audit", "-XX:TieredStopAtLevel=1", "", Choice.AS_STARTED),
                Arguments.of("restore", "-XX:-TieredCompilation", "", Choice.AS_STARTED),
                Arguments.of("breaker", "-Xint", "", Choice.AS_STARTED),
                // what two JVMs would each apply: the command stays here, C2 left out by a directive
                Arguments.of("audit", "-javaagent:agent.jar", "", Choice.DIRECTIVE),
                Arguments.of("audit", "-agentlib:jdwp=transport=dt_socket", "", Choice.DIRECTIVE),
                Arguments.of("audit", "", "JAVA_TOOL_OPTIONS", Choice.DIRECTIVE));
    }

    @ParameterizedTest(name = "{0} with [{1}] and env [{2}]: {3}")
    @MethodSource("choices")
    void theCompilerFollowsTheCommandAndWhatTheUserChose(String command, String jvmArgs, String env,
                                                         Choice expected) {
        String[] args = command.isEmpty() ? new String[0] : new String[] {command, "--json"};
        List<String> options = jvmArgs.isEmpty() ? List.of() : Arrays.asList(jvmArgs.split(" "));
        Map<String, String> environment = env.isEmpty() ? Map.of() : Map.of(env, "-Dx=y");

        assertThat(ShortCommandJit.choose(args, options, environment)).isEqualTo(expected);
    }

    @Test
    void theCommandsJvmIsThisOneWithTheQuickCompilerAndWhoStartedIt() {
        List<String> command = ShortCommandJit.quickCompilerCommand("/opt/java/bin/java",
                List.of("-Xmx256m", "-Daws.region=us-east-1"), "s3-dr-replicator.jar", 4242,
                "io.github.s3drreplicator.Application", new String[] {"audit", "--repair", "--prefix", "a b/"});

        assertThat(command).containsExactly("/opt/java/bin/java", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Daws.region=us-east-1", "-D" + ShortCommandJit.STARTED_BY + "=4242", "-cp", "s3-dr-replicator.jar",
                "io.github.s3drreplicator.Application", "audit", "--repair", "--prefix", "a b/");
    }
}

package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.io.InputStream;

import io.github.s3drreplicator.sandbox.Sandbox;
import io.github.s3drreplicator.sandbox.SandboxSettings;

/**
 * The sandbox as a process of its own, which the benchmark starts (a child JVM) so that the replicator's CPU can be
 * measured apart from its servers'. Configured as {@code --sandbox} is, by {@code -Dsandbox.*} properties; prints
 * {@value #READY} once it serves, and stops when its standard input closes (the benchmark ended, or died) or on
 * SIGTERM.
 */
public final class SandboxProcess {

    static final String READY = "SANDBOX-READY";

    private SandboxProcess() {
    }

    public static void main(String[] args) throws IOException {
        Sandbox sandbox = Sandbox.start(SandboxSettings.fromSystemProperties());
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-stop"));
        System.out.println(READY);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // nothing is said on standard input: it only tells that the benchmark still runs
        }
        System.exit(0);
    }
}

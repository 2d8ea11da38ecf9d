package io.github.s3drreplicator.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.InflightRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, in two lines, that the service stops because it was asked to and how long finishing took:
 * {@code Stopping (SIGTERM): finishing 3 in-flight records} and {@code Stopped after 1.2 s}. Camel Main's own line
 * ("JVM shutdown hook triggered by SIGTERM", logged on any exit, SIGTERM or not) is left out by logback.xml; the stop
 * itself is still Camel's graceful shutdown, untouched: in-flight records finish within
 * {@code camel.main.shutdown-timeout}, messages not yet received stay on the queue.
 *
 * <p>On a signal the JVM ends once its shutdown hooks have, and Camel's hook ends as soon as the context is stopped,
 * before the main thread says so: a hook of ours waits for the last line (at most the shutdown timeout and a
 * margin), and only while the service runs.
 */
final class ServiceStopLog extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.s3drreplicator.service");
    private static final String RECORD_ROUTE = "replicate-record";

    private final AtomicReference<String> signal = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Duration waitForTheLastLine;
    private volatile long stoppingSince;

    /** Watches the signals, and keeps the JVM until the last line is logged. */
    void install() {
        watchSignals();
        Runtime.getRuntime().addShutdownHook(new Thread(this::awaitTheLastLine, "service-stop-log"));
    }

    private void awaitTheLastLine() {
        Duration atMost = waitForTheLastLine;
        if (atMost == null) {
            // the service never ran, or its last line is logged
            return;
        }
        try {
            ended.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The service ended, whichever way: nothing more to wait for. */
    void ended() {
        waitForTheLastLine = null;
        ended.countDown();
    }

    /**
     * Remembers which signal stops the service, then lets the JVM's own handling (its shutdown) go on. Through
     * {@code sun.misc.Signal} (module jdk.unsupported), by reflection so that the build stays free of warnings about
     * it; where it is not there, or the JVM keeps the signal to itself ({@code -Xrs}), the stop is logged unnamed.
     */
    private void watchSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Class<?> signalType = Class.forName("sun.misc.Signal");
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                Method handle = signalType.getMethod("handle", signalType, handlerType);
                Method handleBy = handlerType.getMethod("handle", signalType);
                Object[] previous = new Object[1];
                Object watcher = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                signal.compareAndSet(null, "SIG" + name);
                                yield handleBy.invoke(previous[0], args[0]);
                            }
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "the service's SIG" + name + " watcher";
                        });
                previous[0] = handle.invoke(null, signalType.getConstructor(String.class).newInstance(name), watcher);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError notHere) {
                // logged without the signal's name
            }
        }
    }

    /** Which signal stopped the service, when one did; for the log line. */
    String reason() {
        String name = signal.get();
        return name == null ? "" : " (" + name + ")";
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        var shutdown = main.getCamelContext().getShutdownStrategy();
        waitForTheLastLine = Duration.ofMillis(shutdown.getTimeUnit().toMillis(shutdown.getTimeout()))
                .plusSeconds(15);
    }

    @Override
    public void beforeStop(BaseMainSupport main) {
        stoppingSince = System.nanoTime();
        LOG.info("Stopping{}: finishing {} in-flight records", reason(), inFlightRecords(main.getCamelContext()));
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        LOG.info("Stopped after {}", seconds(Duration.ofNanos(System.nanoTime() - stoppingSince)));
        ended();
    }

    /** Records between their message and DR: those in the record route, or every exchange where it is not there. */
    static int inFlightRecords(CamelContext camel) {
        if (camel == null) {
            return 0;
        }
        InflightRepository inflight = camel.getInflightRepository();
        return camel.getRoute(RECORD_ROUTE) != null ? inflight.size(RECORD_ROUTE) : inflight.size();
    }

    static String seconds(Duration taken) {
        return String.format(java.util.Locale.ROOT, "%.1f s", taken.toMillis() / 1000.0);
    }
}

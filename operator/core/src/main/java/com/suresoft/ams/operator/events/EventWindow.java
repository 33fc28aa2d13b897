package com.suresoft.ams.operator.events;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the events of an instance's objects for {@link #WINDOW} before they bring a
 * reconciliation: the first event of an instance opens its window, the ones that follow within it
 * are folded into it, and when it closes one event reaches JOSDK, whose reconciliation reads the
 * informers' caches as they are then.
 *
 * <p>Why: the controllers of a cluster write an instance's objects in bursts. When a release or a
 * first start brings the app tier up, three Deployments, two HPAs and their pods change within a
 * tenth of a second, and each change brought a reconciliation of the whole instance of its own: in
 * the benchmark (BENCHMARKS.md, session 17) seven passes within 115 ms for one instance, each
 * finding a little more ready than the last, and half of all passes. Gathering them halves the
 * passes and the status writes between them; what a pass sees at the window's end is no older than
 * what it would have seen before, only up to {@link #WINDOW} later.
 *
 * <p>Only events of other objects than the instance are gathered (every informer of a secondary
 * kind is a {@code cache.LeanEventSource}, which uses this): the instance's own events (a spec
 * change, a release command in an annotation) and timers reach JOSDK at once.
 *
 * <p>Nothing is lost: the window of an instance is closed (taken out of {@link #open}) before its
 * event is handed on, so an event that arrives meanwhile opens a new window. An event carries
 * nothing but the instance's id (the primary's own events, which carry an action, are never
 * gathered), so one of them stands for all.
 */
public final class EventWindow {
  /**
   * How long an instance's window stays open. Bursts of one change (the app tier's Deployments and
   * HPAs) arrive within about 100 ms; a longer window folded no more passes (1,000 ms gave the same
   * count as 250 ms) and only delays what a user waits for.
   */
  public static final Duration WINDOW = Duration.ofMillis(250);

  /** Runs a task after a delay. */
  @FunctionalInterface
  public interface Timer {
    void after(Duration delay, Runnable task);
  }

  /** The operator's windows: one timer thread for every controller in the process. */
  public static final EventWindow SHARED = new EventWindow(WINDOW, daemonTimer());

  private final Duration window;
  private final Timer timer;

  /** The open windows: JOSDK's handler (one per controller) and the instance's id. */
  private final Map<Open, Boolean> open = new ConcurrentHashMap<>();

  private record Open(EventHandler handler, ResourceID instance) {}

  public EventWindow(Duration window, Timer timer) {
    this.window = window;
    this.timer = timer;
  }

  /**
   * A handler that gathers events for {@code handler}. The event sources of one controller share
   * its handler, and so its windows: a Deployment's and an HPA's events of one instance fold into
   * one.
   */
  public EventHandler gathering(EventHandler handler) {
    if (handler == null) {
      return null;
    }
    return event -> {
      var key = new Open(handler, event.getRelatedCustomResourceID());
      if (open.putIfAbsent(key, Boolean.TRUE) == null) {
        timer.after(window, () -> close(key, event));
      }
    };
  }

  private void close(Open key, Event event) {
    open.remove(key);
    key.handler().handleEvent(event);
  }

  private static Timer daemonTimer() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              var thread = new Thread(task, "ams-event-window");
              thread.setDaemon(true);
              return thread;
            });
    return (delay, task) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}

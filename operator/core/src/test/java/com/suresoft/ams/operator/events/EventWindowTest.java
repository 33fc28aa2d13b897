package com.suresoft.ams.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWindowTest {
  private static final ResourceID A = new ResourceID("ams", "team-a");
  private static final ResourceID B = new ResourceID("ams", "team-b");

  /** The timer's tasks, run when the test says the window is over. */
  private final List<Runnable> due = new ArrayList<>();

  private final List<Duration> delays = new ArrayList<>();

  private final EventWindow windows =
      new EventWindow(
          Duration.ofMillis(250),
          (delay, task) -> {
            delays.add(delay);
            due.add(task);
          });

  /** What reached JOSDK's handler. */
  private final List<ResourceID> handled = new ArrayList<>();

  private final EventHandler josdk = event -> handled.add(event.getRelatedCustomResourceID());

  private void windowsClose() {
    var tasks = new ArrayList<>(due);
    due.clear();
    tasks.forEach(Runnable::run);
  }

  @Test
  void eventsOfAnInstanceWithinItsWindowBringOneReconciliationWhenItCloses() {
    var deployments = windows.gathering(josdk);

    deployments.handleEvent(new Event(A));
    deployments.handleEvent(new Event(A));
    deployments.handleEvent(new Event(A));

    assertThat(handled).as("nothing before the window closes").isEmpty();
    assertThat(delays).containsExactly(Duration.ofMillis(250));
    windowsClose();
    assertThat(handled).containsExactly(A);
  }

  @Test
  void eachInstanceHasAWindowOfItsOwn() {
    var deployments = windows.gathering(josdk);

    deployments.handleEvent(new Event(A));
    deployments.handleEvent(new Event(B));
    deployments.handleEvent(new Event(A));
    windowsClose();

    assertThat(handled).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void theSourcesOfOneControllerShareAnInstancesWindow() {
    var deployments = windows.gathering(josdk);
    var autoscalers = windows.gathering(josdk);

    deployments.handleEvent(new Event(A));
    autoscalers.handleEvent(new Event(A));
    windowsClose();

    assertThat(handled).containsExactly(A);
  }

  @Test
  void anotherControllerHasWindowsOfItsOwn() {
    var other = new ArrayList<ResourceID>();
    windows.gathering(josdk).handleEvent(new Event(A));
    windows
        .gathering(event -> other.add(event.getRelatedCustomResourceID()))
        .handleEvent(new Event(A));
    windowsClose();

    assertThat(handled).containsExactly(A);
    assertThat(other).containsExactly(A);
  }

  @Test
  void anEventAfterAWindowClosedOpensAnother() {
    var deployments = windows.gathering(josdk);
    deployments.handleEvent(new Event(A));
    windowsClose();

    deployments.handleEvent(new Event(A));
    assertThat(due).as("a new window").hasSize(1);
    windowsClose();

    assertThat(handled).containsExactly(A, A);
  }

  @Test
  void anEventThatArrivesWhileTheWindowHandsItsEventOnIsNotLost() {
    var source = new EventHandler[1];
    // JOSDK's handler sees another change of the instance arrive while it takes the event in.
    EventHandler josdkSeeingMore =
        event -> {
          handled.add(event.getRelatedCustomResourceID());
          if (handled.size() == 1) {
            source[0].handleEvent(new Event(A));
          }
        };
    source[0] = windows.gathering(josdkSeeingMore);

    source[0].handleEvent(new Event(A));
    windowsClose();
    assertThat(due).as("the change that arrived opened a window").hasSize(1);
    windowsClose();

    assertThat(handled).containsExactly(A, A);
  }

  @Test
  void noHandlerYetStaysNone() {
    assertThat(windows.gathering(null)).isNull();
  }
}

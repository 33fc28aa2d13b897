package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.release.Action;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code ActionIgnored} Events the operator records on an instance for one action after a
 * moment: how an action command learns that the operator handled its token but it had no effect
 * (the release planner records every new token, and says so in that Event when no phase took it).
 * The Events that existed before are remembered by name, and only new ones count; the operator
 * writes each Event under a new name.
 */
final class IgnoredActionEvents implements AutoCloseable {
  static final String REASON = "ActionIgnored";

  private final KubernetesClient client;
  private final String namespace;
  private final String uid;
  private final Action action;
  private final Set<String> before;
  private final LinkedBlockingQueue<Event> seen = new LinkedBlockingQueue<>();
  private final Watch watch;

  private IgnoredActionEvents(
      KubernetesClient client, String namespace, String uid, Action action) {
    this.client = client;
    this.namespace = namespace;
    this.uid = uid;
    this.action = action;
    var list = client.v1().events().inNamespace(namespace).list();
    this.before =
        list.getItems().stream().map(e -> e.getMetadata().getName()).collect(Collectors.toSet());
    this.watch =
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .watch(
                new ListOptionsBuilder()
                    .withResourceVersion(list.getMetadata().getResourceVersion())
                    .build(),
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action watchAction, Event event) {
                    if (watchAction != Watcher.Action.DELETED && isNew(event)) {
                      seen.add(event);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // await() lists once more: a closed watch loses nothing.
                  }
                });
  }

  /** Starts watching; call before the token is set, so that no Event can come before. */
  static IgnoredActionEvents watch(
      KubernetesClient client, String namespace, String uid, Action action) {
    return new IgnoredActionEvents(client, namespace, uid, action);
  }

  private boolean isNew(Event e) {
    return REASON.equals(e.getReason())
        && e.getInvolvedObject() != null
        && uid.equals(e.getInvolvedObject().getUid())
        && e.getMessage() != null
        // "promote has no effect ..." is not promote-full's
        && e.getMessage().startsWith(action.key() + " ")
        && !before.contains(e.getMetadata().getName());
  }

  /**
   * The new Event, if one comes within {@code grace}; the operator writes it right after the status
   * that records the token, in the same pass.
   */
  Optional<Event> await(Duration grace) throws InterruptedException {
    var event = seen.poll(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (event != null) {
      return Optional.of(event);
    }
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(this::isNew)
        .findFirst();
  }

  @Override
  public void close() {
    watch.close();
  }
}

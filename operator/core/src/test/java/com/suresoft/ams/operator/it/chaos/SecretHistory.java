package com.suresoft.ams.operator.it.chaos;

import com.suresoft.ams.operator.model.AppSecret;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Every version of every generated Secret ({@code <name>-secrets}) the server announced, as seen by
 * a watch that no fault touches. The server sends one event per real change, so this is the
 * Secret's whole life: a regenerated password shows up as a change of a generated key, a Secret
 * deleted and created again as a second object under the same name.
 */
public final class SecretHistory implements AutoCloseable {

  /** One Secret object (one uid) and the generated values of each version it had. */
  private record Life(String name, List<Map<String, String>> versions) {}

  private final Map<String, Life> byUid = new LinkedHashMap<>();
  private final SharedIndexInformer<Secret> informer;

  private SecretHistory(KubernetesClient observer) {
    this.informer =
        observer
            .secrets()
            .inAnyNamespace()
            .withLabel(Labels.COMPONENT, Component.SECRETS.label())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Secret secret) {
                    record(secret);
                  }

                  @Override
                  public void onUpdate(Secret before, Secret after) {
                    record(after);
                  }

                  @Override
                  public void onDelete(Secret secret, boolean unknownFinalState) {}
                });
  }

  /** Starts recording with {@code observer}, a client whose requests are never faulted. */
  public static SecretHistory watch(KubernetesClient observer) {
    return new SecretHistory(observer);
  }

  private synchronized void record(Secret secret) {
    var meta = secret.getMetadata();
    var life =
        byUid.computeIfAbsent(
            meta.getUid(),
            uid -> new Life(meta.getNamespace() + "/" + meta.getName(), new ArrayList<>()));
    var generated = new TreeMap<String, String>();
    AppSecret.decode(secret)
        .forEach(
            (key, value) -> {
              if (SecretKeys.GENERATED.contains(key)) {
                generated.put(key, value);
              }
            });
    if (life.versions().isEmpty()
        || !life.versions().get(life.versions().size() - 1).equals(generated)) {
      life.versions().add(generated);
    }
  }

  /**
   * Each Secret created once (one object per name) whose generated values never changed; one line
   * per breach, empty when there is none.
   */
  public synchronized List<String> breaches() {
    var problems = new ArrayList<String>();
    var objectsByName = new TreeMap<String, Integer>();
    for (Life life : byUid.values()) {
      objectsByName.merge(life.name(), 1, Integer::sum);
      if (life.versions().size() > 1) {
        problems.add(
            life.name()
                + ": generated values changed "
                + (life.versions().size() - 1)
                + " time(s), keys "
                + changedKeys(life.versions()));
      }
    }
    objectsByName.forEach(
        (name, count) -> {
          if (count > 1) {
            problems.add(name + ": created " + count + " times");
          }
        });
    return problems;
  }

  /**
   * Runs {@code step}; if it fails or times out, the failure also names the Secret breaches seen so
   * far (a Secret regenerated on every reconcile shows first as an operator that never settles).
   */
  public void explainingFailures(Runnable step) {
    try {
      step.run();
    } catch (AssertionError | ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; Secret breaches so far: " + breaches(), e);
    }
  }

  /** How many Secrets were seen, for a test to check that it watched anything at all. */
  public synchronized int secretsSeen() {
    return byUid.size();
  }

  /** Forgets the Secrets seen so far (between iterations that reuse names). */
  public synchronized void forget() {
    byUid.clear();
  }

  private static List<String> changedKeys(List<Map<String, String>> versions) {
    var keys = new ArrayList<String>();
    var first = versions.get(0);
    for (var version : versions.subList(1, versions.size())) {
      version.forEach(
          (k, v) -> {
            if (!v.equals(first.get(k)) && !keys.contains(k)) {
              keys.add(k);
            }
          });
    }
    return keys;
  }

  @Override
  public void close() {
    informer.close();
  }
}

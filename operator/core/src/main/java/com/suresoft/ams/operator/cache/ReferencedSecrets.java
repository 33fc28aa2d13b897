package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secrets an instance reads but the operator does not write (a user's {@code
 * externalSecretName}, CloudNativePG's app Secret), read by GET by name and remembered per instance
 * as their key names only: the operator needs to know that the keys are there, never their values,
 * so no value of a Secret it did not write stays in its memory.
 *
 * <p>Chosen over an informer on Secrets, which without a label selector would cache every Secret of
 * every watched namespace (a compromise exposes them all, and anyone who can create large Secrets
 * can push the operator out of memory), and over asking their producers to label them (a user's
 * Secret is the user's; CNPG's inheritedMetadata would also put our labels on its pods and claims).
 * The price is latency: a Secret that is missing is looked up again on every reconciliation, and
 * the reconciler asks for one every {@link #MISSING_RECHECK} while any is missing; a Secret that is
 * there is read again when the instance's spec changes (its generation) or after {@code maxAge}.
 * Needs {@code get} on secrets.
 *
 * <p>Invariant: no Secret value is kept, only key names ({@code keyNames}).
 */
public final class ReferencedSecrets {
  /** How soon the reconciler looks again while a referenced Secret is missing. */
  public static final Duration MISSING_RECHECK = Duration.ofSeconds(10);

  /** The key names of a Secret when it was read; {@code keys} null: not found. */
  private record Read(Set<String> keys, Instant at) {}

  /** What one instance's reads saw, for one generation of its spec. */
  private record Seen(long generation, Map<String, Read> reads) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<ResourceID, Seen> byInstance = new ConcurrentHashMap<>();

  public ReferencedSecrets(KubernetesClient client, Clock clock, Duration maxAge) {
    this.client = client;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /**
   * The key names of each of {@code names} (Secrets in the instance's namespace) that exists; a
   * name that is missing has no entry.
   */
  public Map<String, Set<String>> keys(ResourceID instance, Long generation, Set<String> names) {
    long gen = generation == null ? 0 : generation;
    var now = clock.instant();
    var seen = byInstance.get(instance);
    var before = seen == null || seen.generation() != gen ? Map.<String, Read>of() : seen.reads();
    var reads = new HashMap<String, Read>();
    var result = new TreeMap<String, Set<String>>();
    for (String name : names) {
      var read = before.get(name);
      if (read == null || read.keys() == null || !now.isBefore(read.at().plus(maxAge))) {
        read = new Read(keyNames(get(instance.getNamespace().orElseThrow(), name)), now);
      }
      reads.put(name, read);
      if (read.keys() != null) {
        result.put(name, read.keys());
      }
    }
    byInstance.put(instance, new Seen(gen, reads));
    return result;
  }

  void forget(ResourceID instance) {
    byInstance.remove(instance);
  }

  Set<ResourceID> instances() {
    return byInstance.keySet();
  }

  private Secret get(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private static Set<String> keyNames(Secret secret) {
    if (secret == null) {
      return null;
    }
    var keys = new TreeSet<String>();
    if (secret.getData() != null) {
      keys.addAll(secret.getData().keySet());
    }
    if (secret.getStringData() != null) {
      keys.addAll(secret.getStringData().keySet());
    }
    return Set.copyOf(keys);
  }
}

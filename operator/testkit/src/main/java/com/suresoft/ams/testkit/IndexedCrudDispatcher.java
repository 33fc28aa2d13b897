package com.suresoft.ams.testkit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The stock CRUD dispatcher with an index over its store. The stock store is one list that every
 * get, list, delete and lookup scans in full, matching each object's attributes (labels included)
 * against the query: a cost that grows with everything stored, so that with a few thousand objects
 * the double, not the code under test, set the pace. The index narrows each scan to the objects of
 * one kind in one namespace (or of one kind); the stock matching still decides which of those
 * answer, so the answers are the same, in the same order: the stock store keeps objects in the
 * order they were last written, and the index keeps that order with a write sequence.
 *
 * <p>Everything that changes the store goes through {@link #processEvent}, which keeps the index.
 * Requests the index cannot narrow (no kind in the path), watches, collection deletes and discovery
 * documents are left to the stock code.
 *
 * <p>{@link #examined()} counts the stored objects looked at to answer (a full scan counts them
 * all), so that a test can show that no request costs more as unrelated objects pile up: one full
 * scan per write was how the double, not the operator, set the pace of a 1,000-instance fleet.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAMESPACE = KubernetesAttributesExtractor.NAMESPACE;
  private static final String NAME = KubernetesAttributesExtractor.NAME;
  private static final String CLUSTER_SCOPED = "";

  /** The paths for which the stock code answers an empty result with a discovery document. */
  private static final Pattern DISCOVERY =
      Pattern.compile("/apis(/[a-zA-Z0-9-_.]+)?/[a-zA-Z0-9-_]+");

  private static final KubernetesResponseComposer LISTS = new KubernetesResponseComposer();

  /** Kind (plural) to namespace to the stored keys, each with the sequence of its last write. */
  private final Map<String, Map<String, Map<AttributeSet, Long>>> index = new HashMap<>();

  private long sequence;
  private volatile long latestResourceVersion;
  private final AtomicLong examined = new AtomicLong();

  /** How many stored objects requests and lookups have looked at so far. */
  long examined() {
    return examined.get();
  }

  /** Every stored object of one kind (by plural), in every namespace, in the store's order. */
  List<String> allOf(String plural) {
    var query = new AttributeSet(new Attribute(PLURAL, plural));
    return find(query).stream().map(Map.Entry::getValue).toList();
  }

  /** Every stored object; a full scan, for tests that inspect the whole store. */
  List<String> everything() {
    synchronized (map) {
      scanned();
      return new ArrayList<>(map.values());
    }
  }

  /** Counts a full scan by the stock code. */
  private void scanned() {
    examined.addAndGet(map.size());
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    latestResourceVersion = version;
    return version;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    synchronized (index) {
      if (oldAttributes != null) {
        unindex(oldAttributes);
        if (newState == null) {
          stampDeletion(oldAttributes);
        }
      }
      // Parsed once, into the generic form, for the stock code and the index alike (the stock
      // code would parse the JSON into the typed model, and we would have to do it again).
      GenericKubernetesResource parsed =
          resource != null || newState == null
              ? resource
              : Serialization.unmarshal(newState, GenericKubernetesResource.class);
      super.processEvent(path, pathAttributes, oldAttributes, parsed, newState);
      if (newState != null) {
        // The same key the stock code just stored the object under.
        AttributeSet stored = ((KubernetesAttributesExtractor) attributeExtractor).extract(parsed);
        if (!stored.containsKey(PLURAL)) {
          stored = AttributeSet.merge(pathAttributes, stored);
        }
        if (!map.containsKey(stored)) {
          throw new IllegalStateException("the index lost track of " + path);
        }
        bucket(value(stored, PLURAL), namespaceOf(stored)).put(stored, sequence++);
      }
    }
  }

  /**
   * Gives the object about to be deleted a resourceVersion of its own, as etcd gives a deletion its
   * revision: the watch event of a deletion then carries the version at which it happened, not the
   * object's last one, so that a watcher of several kinds can place it among the others' events
   * (the stock code sends the stored object as it was).
   */
  private void stampDeletion(AttributeSet key) {
    String stored = map.get(key);
    if (stored == null) {
      return;
    }
    var object = Serialization.unmarshal(stored, GenericKubernetesResource.class);
    object.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
    map.put(key, Serialization.asJson(object));
  }

  @Override
  public void reset() {
    synchronized (index) {
      super.reset();
      index.clear();
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    List<Map.Entry<AttributeSet, String>> found = find(query);
    if (found == null) {
      scanned();
      return super.findResource(query);
    }
    return found.stream().findFirst().orElse(null);
  }

  @Override
  public MockResponse handleGet(String path) {
    if (isWatch(path)) {
      return super.handleGet(path);
    }
    AttributeSet query = getKey(path);
    List<Map.Entry<AttributeSet, String>> found = find(query);
    if (found == null || (found.isEmpty() && DISCOVERY.matcher(path).matches())) {
      // Not narrowed, or a discovery document: the stock code knows those.
      scanned();
      return super.handleGet(path);
    }
    MockResponse response = new MockResponse();
    if (query.containsKey(NAME)) {
      if (found.isEmpty()) {
        return response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
      }
      return response.setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.get(0).getValue());
    }
    return response
        .setResponseCode(HttpURLConnection.HTTP_OK)
        .setBody(
            LISTS.compose(
                found.stream().map(Map.Entry::getValue).toList(),
                String.valueOf(latestResourceVersion)));
  }

  /** A delete by name, as the stock one (finalizers respected) without its scan. */
  @Override
  public MockResponse handleDelete(String path) {
    AttributeSet query = getKey(path);
    List<Map.Entry<AttributeSet, String>> found = query.containsKey(NAME) ? find(query) : null;
    if (found == null) {
      scanned();
      return super.handleDelete(path);
    }
    MockResponse response = new MockResponse();
    if (found.isEmpty()) {
      return response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
    }
    var entry = found.get(0);
    var object = Serialization.unmarshal(entry.getValue(), GenericKubernetesResource.class);
    if (object.getFinalizers().isEmpty()) {
      processEvent(path, query, entry.getKey(), null, null);
    } else if (!object.isMarkedForDeletion()) {
      object
          .getMetadata()
          .setDeletionTimestamp(
              ZonedDateTime.now(ZoneOffset.UTC)
                  .truncatedTo(ChronoUnit.SECONDS)
                  .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      object.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
      processEvent(path, query, entry.getKey(), object, Serialization.asJson(object));
    }
    return response.setResponseCode(HttpURLConnection.HTTP_OK).setBody(entry.getValue());
  }

  /**
   * The stored objects matching {@code query}, in the stock store's order; null when the query
   * names no single kind, so that only a full scan can answer it.
   */
  private List<Map.Entry<AttributeSet, String>> find(AttributeSet query) {
    String plural = singleValue(query, PLURAL);
    if (plural == null) {
      return null;
    }
    String namespace = singleValue(query, NAMESPACE);
    synchronized (index) {
      var candidates = new ArrayList<Map.Entry<AttributeSet, Long>>();
      for (String kind : new String[] {plural, null}) {
        var byNamespace = index.get(kind);
        if (byNamespace == null) {
          continue;
        }
        if (namespace != null) {
          candidates.addAll(byNamespace.getOrDefault(namespace, Map.of()).entrySet());
        } else {
          byNamespace.values().forEach(keys -> candidates.addAll(keys.entrySet()));
        }
      }
      examined.addAndGet(candidates.size());
      candidates.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
      var found = new ArrayList<Map.Entry<AttributeSet, String>>();
      for (var candidate : candidates) {
        AttributeSet key = candidate.getKey();
        if (key.matches(query)) {
          found.add(Map.entry(key, map.get(key)));
        }
      }
      return found;
    }
  }

  private void unindex(AttributeSet key) {
    var byNamespace = index.get(value(key, PLURAL));
    if (byNamespace != null) {
      var keys = byNamespace.get(namespaceOf(key));
      if (keys != null) {
        keys.remove(key);
      }
    }
  }

  private Map<AttributeSet, Long> bucket(String plural, String namespace) {
    return index
        .computeIfAbsent(plural, p -> new HashMap<>())
        .computeIfAbsent(namespace, n -> new LinkedHashMap<>());
  }

  private static String namespaceOf(AttributeSet key) {
    String namespace = value(key, NAMESPACE);
    return namespace == null ? CLUSTER_SCOPED : namespace;
  }

  /** The value of a stored object's attribute (null when it has none). */
  private static String value(AttributeSet set, String key) {
    Attribute attribute = set.getAttribute(key);
    return attribute == null || attribute.getValues().isEmpty()
        ? null
        : attribute.getValues().get(0).toString();
  }

  /** The value a query requires for {@code key}, when it requires exactly one. */
  private static String singleValue(AttributeSet query, String key) {
    Attribute attribute = query.getAttribute(key);
    if (attribute == null
        || attribute.getType() != AttributeType.WITH
        || attribute.getValues().size() != 1) {
      return null;
    }
    String value = attribute.getValues().get(0).toString();
    // "*" matches anything in the stock code.
    return value == null || value.equals("*") ? null : value;
  }

  private static boolean isWatch(String path) {
    int query = path.indexOf('?');
    return query >= 0 && path.substring(query).contains("watch=true");
  }
}

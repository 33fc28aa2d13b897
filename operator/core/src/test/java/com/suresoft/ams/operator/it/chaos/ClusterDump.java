package com.suresoft.ams.operator.it.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.rollout.JobObservation;
import com.suresoft.ams.operator.model.security.GeneratedTls;
import com.suresoft.ams.operator.model.security.SecretRollout;
import com.suresoft.ams.testkit.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Every object of one namespace as the server stores it, normalised so that two runs that built the
 * same thing compare equal: what the server assigns (resourceVersion, uid, timestamps,
 * managedFields, generation) is removed, and the randomly generated Secret values are replaced by
 * their key names wherever they appear (in the Secret and the URLs derived from them). A pod
 * template's Secret digest is replaced by a statement of whether it matches the live Secret, so a
 * Deployment left on an older Secret still differs.
 *
 * <p>Events are left out: they are a log of what happened on the way (retries may record a
 * transition twice), not state.
 */
public final class ClusterDump {

  /** Fields the API server sets, different in every run. */
  private static final Set<String> SERVER_FIELDS =
      Set.of("resourceVersion", "uid", "creationTimestamp", "managedFields", "generation");

  private static final String JOSDK_PREVIOUS = "javaoperatorsdk.io/previous";

  private static final Pattern REPLICA_SET_HASH = Pattern.compile("ReplicaSet \"(.+)-[0-9a-f]+\"");

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Map<String, JsonNode> objects;

  private ClusterDump(Map<String, JsonNode> objects) {
    this.objects = objects;
  }

  /** The namespace's objects, keyed by {@code apiVersion kind name}. */
  public static ClusterDump of(EmbeddedApiServer server, String namespace) {
    var inNamespace = new ArrayList<ObjectNode>();
    for (ObjectNode o : server.storedObjects()) {
      if (namespace.equals(o.path("metadata").path("namespace").asText())
          && !"Event".equals(o.path("kind").asText())) {
        inNamespace.add(o);
      }
    }
    var secrets = generatedSecrets(inNamespace);
    var generated = placeholders(secrets);
    var tlsCas = tlsCas(inNamespace);
    var result = new TreeMap<String, JsonNode>();
    for (ObjectNode o : inNamespace) {
      String key =
          o.path("apiVersion").asText()
              + " "
              + o.path("kind").asText()
              + " "
              + o.path("metadata").path("name").asText();
      if (result.put(key, normalise(o, secrets, generated, tlsCas)) != null) {
        throw new IllegalStateException("two stored objects are " + key);
      }
    }
    return new ClusterDump(result);
  }

  /**
   * Waits up to {@code timeout} for the namespace to hold exactly {@code expected} (the operator
   * may still be finishing a last write); returns what still differs then, empty when it got there.
   */
  public static List<String> awaitSame(
      EmbeddedApiServer server, String namespace, ClusterDump expected, Duration timeout) {
    var differences = new ArrayList<String>();
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                differences.clear();
                differences.addAll(of(server, namespace).differencesFrom(expected));
                return differences.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // The differences say what is wrong.
    }
    return differences;
  }

  public Map<String, JsonNode> objects() {
    return objects;
  }

  /** The objects of one kind, by name. */
  public List<String> names(String kind) {
    return objects.keySet().stream()
        .filter(k -> k.split(" ")[1].equals(kind))
        .map(k -> k.split(" ")[2])
        .toList();
  }

  /**
   * What differs from {@code expected}, one line per object (missing, extra, or its first few
   * differing fields); empty when equal.
   */
  public List<String> differencesFrom(ClusterDump expected) {
    var lines = new ArrayList<String>();
    var keys = new TreeSet<>(objects.keySet());
    keys.addAll(expected.objects.keySet());
    for (String key : keys) {
      JsonNode actual = objects.get(key);
      JsonNode wanted = expected.objects.get(key);
      if (actual == null) {
        lines.add("missing: " + key);
      } else if (wanted == null) {
        lines.add("extra: " + key);
      } else if (!actual.equals(wanted)) {
        var paths = new ArrayList<String>();
        differences("", wanted, actual, paths);
        lines.add("differs: " + key + " " + paths.subList(0, Math.min(5, paths.size())));
      }
    }
    return lines;
  }

  private static void differences(String path, JsonNode wanted, JsonNode actual, List<String> out) {
    if (Objects.equals(wanted, actual)) {
      return;
    }
    if (wanted != null && actual != null && wanted.isObject() && actual.isObject()) {
      var names = new TreeSet<String>();
      wanted.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        differences(path + "." + name, wanted.get(name), actual.get(name), out);
      }
    } else if (wanted != null && actual != null && wanted.isArray() && actual.isArray()) {
      for (int i = 0; i < Math.max(wanted.size(), actual.size()); i++) {
        differences(path + "[" + i + "]", wanted.get(i), actual.get(i), out);
      }
    } else {
      out.add(path + ": " + abbreviate(wanted) + " -> " + abbreviate(actual));
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** The decoded data of each generated Secret, by name. */
  private static Map<String, Map<String, String>> generatedSecrets(List<ObjectNode> objects) {
    var secrets = new TreeMap<String, Map<String, String>>();
    for (ObjectNode o : objects) {
      if (isGeneratedSecret(o)) {
        secrets.put(o.path("metadata").path("name").asText(), decode(o.path("data")));
      }
    }
    return secrets;
  }

  /**
   * The generated values with their placeholders, the longest first so that a value containing
   * another is replaced whole.
   */
  private static Map<String, String> placeholders(Map<String, Map<String, String>> secrets) {
    var values =
        new TreeMap<String, String>(
            Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
    secrets
        .values()
        .forEach(
            data ->
                data.forEach(
                    (key, value) -> {
                      if (SecretKeys.GENERATED.contains(key) && !value.isEmpty()) {
                        values.put(value, "<generated " + key + ">");
                      }
                    }));
    return values;
  }

  private static boolean isGeneratedSecret(JsonNode o) {
    return "Secret".equals(o.path("kind").asText())
        && Component.SECRETS
            .label()
            .equals(o.path("metadata").path("labels").path(Labels.COMPONENT).asText());
  }

  /**
   * The data of each data-tier CA Secret (its certificate is its own CA's), by its certificate: a
   * Secret's CA is the one whose certificate is its {@code ca.crt} (a namespace may hold several
   * instances).
   */
  private static Map<String, Map<String, String>> tlsCas(List<ObjectNode> objects) {
    var cas = new java.util.HashMap<String, Map<String, String>>();
    objects.stream()
        .filter(ClusterDump::isTlsSecret)
        .map(o -> decode(o.path("data")))
        .filter(d -> d.get("tls.crt") != null && d.get("tls.crt").equals(d.get("ca.crt")))
        .forEach(d -> cas.put(d.get("tls.crt"), d));
    return cas;
  }

  /** The data tier's CA and certificate Secrets the operator issues (GeneratedTls). */
  private static boolean isTlsSecret(JsonNode o) {
    return "Secret".equals(o.path("kind").asText())
        && Component.TLS
            .label()
            .equals(o.path("metadata").path("labels").path(Labels.COMPONENT).asText());
  }

  private static Map<String, String> decode(JsonNode data) {
    var decoded = new TreeMap<String, String>();
    data.fields()
        .forEachRemaining(
            e ->
                decoded.put(
                    e.getKey(),
                    new String(
                        Base64.getDecoder().decode(e.getValue().asText()),
                        StandardCharsets.UTF_8)));
    return decoded;
  }

  private static JsonNode normalise(
      ObjectNode original,
      Map<String, Map<String, String>> secrets,
      Map<String, String> generated,
      Map<String, Map<String, String>> tlsCas) {
    ObjectNode o = original.deepCopy();
    if (isGeneratedSecret(o)) {
      var data = o.putObject("data");
      decode(original.path("data")).forEach(data::put);
    }
    if (isTlsSecret(o)) {
      // Keys and certificates are new random values in every run: compare which keys are there,
      // and whether the seal is the CA's over the data (its value is as random).
      var data = o.putObject("data");
      original
          .path("data")
          .fieldNames()
          .forEachRemaining(k -> data.put(k, "<generated " + k + ">"));
      var annotations = o.path("metadata").path("annotations");
      if (annotations.has(GeneratedTls.SEAL)) {
        var secretData = decode(original.path("data"));
        var tlsCa = tlsCas.get(secretData.get("ca.crt"));
        ((ObjectNode) annotations)
            .put(
                GeneratedTls.SEAL,
                tlsCa != null
                        && GeneratedTls.sealMatches(
                            tlsCa, secretData, annotations.path(GeneratedTls.SEAL).asText())
                    ? "<the CA's seal over the data>"
                    : "<a seal that does not match>");
      }
    }
    var template = o.path("spec").path("template");
    if (template.isObject() && template.path("metadata").path("annotations").isObject()) {
      replaceSecretDigest((ObjectNode) template, secrets);
    }
    var metadata = (ObjectNode) o.path("metadata");
    for (JsonNode owner : metadata.path("ownerReferences")) {
      ((ObjectNode) owner).remove("uid");
    }
    if (metadata.path("annotations").isObject()) {
      // JOSDK's mark of its own last write: a random id per operator process.
      ((ObjectNode) metadata.path("annotations")).remove(JOSDK_PREVIOUS);
      // A release Job's attempt is the release's start time: a timestamp like any other.
      ((ObjectNode) metadata.path("annotations")).remove(JobObservation.ATTEMPT_ANNOTATION);
    }
    for (JsonNode condition : o.path("status").path("conditions")) {
      if (condition.path("message").isTextual()) {
        // The simulated ReplicaSet is named after a hash of the pod template, which holds the
        // Secret digest: different per run, like the digest.
        ((ObjectNode) condition)
            .put(
                "message",
                REPLICA_SET_HASH
                    .matcher(condition.path("message").asText())
                    .replaceAll("ReplicaSet \"$1-<pod-template-hash>\""));
      }
    }
    strip(o);
    return replaceValues(o, generated);
  }

  /**
   * Whether the pod template's digest is that of its instance's live Secret: the digest itself
   * differs per run, the fact must not.
   */
  private static void replaceSecretDigest(
      ObjectNode template, Map<String, Map<String, String>> secrets) {
    var annotations = (ObjectNode) template.path("metadata").path("annotations");
    JsonNode digest = annotations.get(SecretRollout.ANNOTATION);
    String instance = template.path("metadata").path("labels").path(Labels.INSTANCE).asText();
    if (digest == null) {
      return;
    }
    String secretName = new ResourceNames(instance).secrets();
    var live = secrets.getOrDefault(secretName, Map.of());
    var pod = JSON.convertValue(template, PodTemplateSpec.class).getSpec();
    var expected =
        SecretRollout.digest(SecretRollout.keysUsed(pod, secretName, live.keySet()), live);
    annotations.put(
        SecretRollout.ANNOTATION,
        expected.equals(Optional.of(digest.asText()))
            ? "<digest of the live " + secretName + ">"
            : "<digest of other data than the live " + secretName + ">");
  }

  /** Drops server-assigned fields and every timestamp, at any depth. */
  private static void strip(JsonNode node) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        String name = field.getKey();
        if (SERVER_FIELDS.contains(name)
            || name.endsWith("Time")
            || name.endsWith("Timestamp")
            || name.equals("startedAt")) {
          fields.remove();
        } else {
          strip(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(ClusterDump::strip);
    }
  }

  private static JsonNode replaceValues(JsonNode node, Map<String, String> generated) {
    if (node.isTextual()) {
      String text = node.asText();
      for (var e : generated.entrySet()) {
        text = text.replace(e.getKey(), e.getValue());
      }
      return new TextNode(text);
    }
    if (node.isObject()) {
      var copy = new LinkedHashMap<String, JsonNode>();
      node.fields()
          .forEachRemaining(f -> copy.put(f.getKey(), replaceValues(f.getValue(), generated)));
      var result = ((ObjectNode) node).objectNode();
      copy.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      var result = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
      node.forEach(n -> result.add(replaceValues(n, generated)));
      return result;
    }
    return node;
  }
}

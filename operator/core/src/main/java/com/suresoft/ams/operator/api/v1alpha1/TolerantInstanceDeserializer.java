package com.suresoft.ams.operator.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an {@link AmsInstance} so that what this operator version does not understand stays with
 * that one instance instead of failing the read. It matters most in the informer: fabric8 reads a
 * list or a watch event as a whole, so an exception for one instance fails the list (every
 * instance's cache goes stale) or closes the watch, and fabric8's default then stops the informer,
 * which stops JOSDK's process.
 *
 * <ul>
 *   <li>Unknown properties (a newer CRD, a GitOps repo ahead of the operator) are skipped and their
 *       paths kept in {@link AmsInstance#unknownFields()}, so the reconciler can say so.
 *   <li>A value of the wrong type (only an older or looser CRD lets one be stored) makes the
 *       instance {@link AmsInstance#unreadable()}: its metadata and, if it can, its status are
 *       read, the spec is not, and the reconciler reports it and changes nothing for it.
 * </ul>
 *
 * <p>Why not turn off {@code FAIL_ON_UNKNOWN_PROPERTIES} on the client's mapper: that mapper reads
 * every kind the operator watches and every response, and leniency there would silently drop a
 * misspelt or renamed field in our own status POJOs or anything else; here it is confined to this
 * one type and reported rather than hidden.
 */
public final class TolerantInstanceDeserializer extends StdDeserializer<AmsInstance> {

  /**
   * Reads the plain bean: a mapper configured as fabric8 configures its clients' (modules, dates,
   * null handling), where a mix-in takes this deserializer off {@link AmsInstance} again.
   */
  private static final ObjectMapper PLAIN_MAPPER = plainMapper();

  private static final ObjectReader PLAIN = PLAIN_MAPPER.readerFor(AmsInstance.class);

  public TolerantInstanceDeserializer() {
    super(AmsInstance.class);
  }

  private static ObjectMapper plainMapper() {
    var mapper = new ObjectMapper();
    new KubernetesSerialization(mapper, false);
    mapper.addMixIn(AmsInstance.class, PlainBean.class);
    return mapper;
  }

  /**
   * A deep copy of an instance, with what its read found. Straight through the plain bean, without
   * the tree a tolerant read builds: a typed instance has no unknown fields to look for, and JOSDK
   * copies every instance on every reconciliation.
   */
  public static AmsInstance copy(AmsInstance instance) {
    AmsInstance copy = PLAIN_MAPPER.convertValue(instance, AmsInstance.class);
    instance.copyReadFindingsTo(copy);
    return copy;
  }

  @JsonDeserialize(using = JsonDeserializer.None.class)
  private interface PlainBean {}

  @Override
  public AmsInstance deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return read(ctxt.readTree(p));
  }

  static AmsInstance read(JsonNode document) throws IOException {
    var unknown = new UnknownFieldCollector();
    try {
      AmsInstance instance = PLAIN.withHandler(unknown).readValue(document);
      instance.readWith(unknown.paths(), null);
      return instance;
    } catch (JsonMappingException e) {
      return unreadable(document, e);
    }
  }

  /**
   * The instance as far as it can be trusted: its identity (metadata, which the API server always
   * validates) and what could not be read. The message names the JSON type found and leaves the
   * value out: it may be anything, a credential included, and ends up in Events and logs.
   */
  private static AmsInstance unreadable(JsonNode document, JsonMappingException e)
      throws IOException {
    var instance = new AmsInstance();
    JsonNode metadata = document.path("metadata");
    if (metadata.isObject()) {
      instance.setMetadata(PLAIN.forType(ObjectMeta.class).readValue(metadata));
    }
    String field = pathOf(e.getPath());
    JsonNode storedStatus = document.path("status");
    if (storedStatus.isObject() && !field.equals("status") && !field.startsWith("status.")) {
      // The status is the operator's record (the release's slots and versions): keep it, so that
      // the status written for this instance does not start over.
      instance.setStatus(readStatus(storedStatus));
    }
    boolean statusLost = storedStatus.isObject() && instance.getStatus() == null;
    JsonNode found = document.at("/" + String.join("/", pointerOf(e.getPath())));
    String message =
        "cannot be read by this operator version"
            + (found.isMissingNode() ? "" : " (a " + describe(found) + " is stored here)")
            + "; the instance is left as it is until it is fixed or the operator is upgraded";
    instance.readWith(List.of(), new AmsInstance.UnreadableField(field, message, statusLost));
    return instance;
  }

  private static AmsInstanceStatus readStatus(JsonNode status) {
    try {
      return PLAIN
          .forType(AmsInstanceStatus.class)
          .withHandler(new UnknownFieldCollector())
          .readValue(status);
    } catch (IOException e) {
      return null;
    }
  }

  private static String pathOf(List<JsonMappingException.Reference> references) {
    return references.stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static List<String> pointerOf(List<JsonMappingException.Reference> references) {
    return references.stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .map(s -> s.replace("~", "~0").replace("/", "~1"))
        .toList();
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "object";
      case ARRAY -> "list";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}

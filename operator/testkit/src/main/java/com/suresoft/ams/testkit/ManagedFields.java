package com.suresoft.ams.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code metadata.managedFields} of one object: who owns which fields, per (manager, operation,
 * subresource). Read from the stored object, changed by one write, written back.
 */
final class ManagedFields {

  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** One managedFields entry. Mutable while a single write is being computed. */
  static final class Entry {
    final String manager;
    final String operation;
    final String subresource;
    String apiVersion;
    String time;
    FieldSet fields;

    Entry(
        String manager,
        String operation,
        String subresource,
        String apiVersion,
        String time,
        FieldSet fields) {
      this.manager = manager;
      this.operation = operation;
      this.subresource = subresource;
      this.apiVersion = apiVersion;
      this.time = time;
      this.fields = fields;
    }

    boolean is(String manager, String operation, String subresource) {
      return this.manager.equals(manager)
          && this.operation.equals(operation)
          && Objects.equals(this.subresource, subresource);
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  static ManagedFields of(JsonNode object) {
    ManagedFields managedFields = new ManagedFields();
    JsonNode list = object == null ? null : Json.at(object, List.of("metadata", "managedFields"));
    if (list != null && list.isArray()) {
      for (JsonNode entry : list) {
        managedFields.entries.add(
            new Entry(
                Objects.requireNonNullElse(Json.text(entry, "manager"), ""),
                Objects.requireNonNullElse(Json.text(entry, "operation"), UPDATE),
                Json.text(entry, "subresource"),
                Json.text(entry, "apiVersion"),
                Json.text(entry, "time"),
                FieldSet.fromFieldsV1(entry.get("fieldsV1"))));
      }
    }
    return managedFields;
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  Entry find(String manager, String operation, String subresource) {
    return entries.stream()
        .filter(e -> e.is(manager, operation, subresource))
        .findFirst()
        .orElse(null);
  }

  Entry findOrAdd(String manager, String operation, String subresource) {
    Entry entry = find(manager, operation, subresource);
    if (entry == null) {
      entry = new Entry(manager, operation, subresource, null, null, FieldSet.empty());
      entries.add(entry);
    }
    return entry;
  }

  /** True when any entry other than {@code self} owns the path or a field inside or around it. */
  boolean ownedByOthers(List<String> path, Entry self) {
    return entries.stream().anyMatch(e -> e != self && e.fields.overlaps(path));
  }

  /** The field was set to a new value by {@code self}: nobody else owns it any more. */
  void releaseFromOthers(List<String> path, Entry self) {
    entries.stream().filter(e -> e != self).forEach(e -> e.fields.removeOverlapping(path));
  }

  void releaseFromAll(List<String> path) {
    entries.forEach(e -> e.fields.removeOverlapping(path));
  }

  /** Writes the entries into the object; entries that own nothing disappear, as on a server. */
  void writeTo(ObjectNode object) {
    entries.removeIf(e -> e.fields.isEmpty());
    ObjectNode metadata = Json.metadata(object);
    if (entries.isEmpty()) {
      metadata.remove("managedFields");
      return;
    }
    ArrayNode list = metadata.putArray("managedFields");
    for (Entry e : entries) {
      ObjectNode json = list.addObject();
      json.put("manager", e.manager);
      json.put("operation", e.operation);
      if (e.apiVersion != null) {
        json.put("apiVersion", e.apiVersion);
      }
      if (e.time != null) {
        json.put("time", e.time);
      }
      json.put("fieldsType", "FieldsV1");
      json.set("fieldsV1", e.fields.toFieldsV1());
      if (e.subresource != null) {
        json.put("subresource", e.subresource);
      }
    }
  }
}

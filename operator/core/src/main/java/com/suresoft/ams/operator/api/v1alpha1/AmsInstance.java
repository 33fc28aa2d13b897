package com.suresoft.ams.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Optional;

/**
 * One AMS stack: web, API, worker, data tier, ingress, monitoring, and its releases.
 *
 * <p>Read by {@link TolerantInstanceDeserializer} with every mapper (the informer's, the CLI's):
 * during an upgrade or from a GitOps repo ahead of the operator an instance may carry fields this
 * version does not know, and one such instance must not stop the informer for all the others. What
 * the reader could not take is kept here, never serialised: {@link #unknownFields()} and {@link
 * #unreadable()}.
 */
@JsonDeserialize(using = TolerantInstanceDeserializer.class)
@Group(AmsInstance.GROUP)
@Version(AmsInstance.VERSION)
@Plural("amsinstances")
@ShortNames("ams")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.release.stableVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Release",
    jsonPath = ".status.release.summary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.ready",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AmsInstance extends CustomResource<AmsInstanceSpec, AmsInstanceStatus>
    implements Namespaced {
  public static final String GROUP = "ams.suresoft.com";
  public static final String VERSION = "v1alpha1";

  /**
   * A part of the stored instance this operator version cannot read, and why.
   *
   * @param statusLost the stored status could not be read either, so a status written now would
   *     replace it (and with it the record of a release)
   */
  public record UnreadableField(String field, String message, boolean statusLost) {}

  @JsonIgnore private List<String> unknownFields = List.of();
  @JsonIgnore private UnreadableField unreadable;

  /**
   * Paths of the stored fields this operator version does not know (e.g. {@code
   * spec.release.someNewField}), in document order; they were skipped when reading and are never
   * written back, since the operator writes only the status subresource.
   */
  public List<String> unknownFields() {
    return unknownFields;
  }

  /**
   * Present when the stored instance has a field of a type this version cannot read (only possible
   * with an older or looser CRD): its spec is then {@code null}, its status is read when it can be,
   * and nothing may be changed for it.
   */
  public Optional<UnreadableField> unreadable() {
    return Optional.ofNullable(unreadable);
  }

  void readWith(List<String> unknownFields, UnreadableField unreadable) {
    this.unknownFields = List.copyOf(unknownFields);
    this.unreadable = unreadable;
  }

  /**
   * Carries what the reader found to a copy made by serialising this instance, which has lost the
   * unknown fields themselves (a copy of a copy must still report them).
   */
  void copyReadFindingsTo(AmsInstance copy) {
    copy.readWith(unknownFields, unreadable);
  }
}

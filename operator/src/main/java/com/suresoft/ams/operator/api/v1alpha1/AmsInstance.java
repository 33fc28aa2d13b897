package com.suresoft.ams.operator.api.v1alpha1;

import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.status.AmsInstanceStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One AMS stack: web, API, worker, data tier, ingress, monitoring, and its releases. */
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
}

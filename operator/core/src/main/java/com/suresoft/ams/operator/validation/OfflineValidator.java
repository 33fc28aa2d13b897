package com.suresoft.ams.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.suresoft.ams.clusterrules.CrdCelRules;
import com.suresoft.ams.clusterrules.CrdSchemaValidator;
import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.clusterrules.KubernetesCel;
import com.suresoft.ams.operator.api.AmsInstanceCrd;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.platform.Platform;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks an AmsInstance document the way the cluster would, then with the operator's own rules: the
 * CRD's OpenAPI schema (types, enums, patterns, ranges, required and unknown fields) and its CEL
 * rules ({@link CrdSchemaValidator}, strict about unknown fields as kubectl is), then {@link
 * SpecValidator} — the same validator the reconciler uses. For GitOps pipelines that want to check
 * a commit before it reaches a cluster.
 */
public final class OfflineValidator {
  private static final String API_VERSION = AmsInstance.GROUP + "/" + AmsInstance.VERSION;

  private final CrdSchemaValidator schema;
  private final SpecValidator semantic;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public OfflineValidator(AmsInstanceCrd crd, CrdCelRules celRules, SpecValidator semantic) {
    this.schema = new CrdSchemaValidator(crd.openApiSchema(), celRules, true);
    this.semantic = semantic;
  }

  /** The CEL rules of the AmsInstance CRD generated into the classpath. */
  public static CrdCelRules amsInstanceCelRules() {
    return new CrdCelRules(AmsInstanceCrd.fromClasspath().openApiSchema(), new KubernetesCel());
  }

  public static OfflineValidator forAmsInstance() {
    return forAmsInstance(Platform.DEFAULTS);
  }

  /** As the operator started with {@code platform} would judge instances. */
  public static OfflineValidator forAmsInstance(Platform platform) {
    return new OfflineValidator(
        AmsInstanceCrd.fromClasspath(), amsInstanceCelRules(), new SpecValidator(platform));
  }

  /**
   * Every error in {@code document}, one per field; empty when the cluster and the operator accept
   * it.
   */
  public List<FieldError> validate(JsonNode document) {
    var errors = new LinkedHashSet<FieldError>();
    if (!API_VERSION.equals(document.path("apiVersion").asText())) {
      errors.add(new FieldError("apiVersion", "must be " + API_VERSION));
    }
    if (!"AmsInstance".equals(document.path("kind").asText())) {
      errors.add(new FieldError("kind", "must be AmsInstance"));
    }
    errors.addAll(schema.validate(document));
    if (errors.isEmpty()) {
      // The operator's rules read the typed object, which a schema error may not even produce.
      errors.addAll(semantic.validate(serialization.convertValue(document, AmsInstance.class)));
    }
    return new ArrayList<>(errors);
  }
}

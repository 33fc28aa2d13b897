package com.suresoft.ams.clusterrules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules see declared properties under the names the API server gives them. */
class JsonToCelNamesTest {
  private static final JSONSchemaProps SCHEMA =
      new JSONSchemaPropsBuilder()
          .withType("object")
          .withProperties(
              Map.of(
                  "namespace", new JSONSchemaProps(),
                  "name", new JSONSchemaProps(),
                  "x-y.z/w__v", new JSONSchemaProps()))
          .build();

  @Test
  void reservedWordsAndNonIdentifiersAreEscapedAsKubernetesDoes() {
    assertThat(JsonToCel.celName(SCHEMA, "namespace")).isEqualTo("__namespace__");
    assertThat(JsonToCel.celName(SCHEMA, "name")).isEqualTo("name");
    assertThat(JsonToCel.celName(SCHEMA, "x-y.z/w__v"))
        .isEqualTo("x__dash__y__dot__z__slash__w__underscores__v");
  }

  @Test
  void mapKeysAreNotEscaped() {
    assertThat(JsonToCel.celName(SCHEMA, "in")).isEqualTo("in");
    assertThat(JsonToCel.celName(null, "namespace")).isEqualTo("namespace");
  }
}

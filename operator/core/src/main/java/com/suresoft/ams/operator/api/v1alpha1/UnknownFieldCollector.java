package com.suresoft.ams.operator.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * Skips the properties a bean does not know and remembers their paths from the document's root
 * (e.g. {@code spec.release.canary.steps[1].someNewField}). One per read: it is added to a single
 * {@code ObjectReader}, so no other read of any type becomes lenient.
 */
final class UnknownFieldCollector extends DeserializationProblemHandler {
  private final List<String> paths = new ArrayList<>();

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    paths.add(pathOf(p, propertyName));
    p.skipChildren();
    return true;
  }

  List<String> paths() {
    return List.copyOf(paths);
  }

  /**
   * The parser stands on the unknown property's value; when that value opens an object or array the
   * parser is already inside it, so the property's own context is the parent.
   */
  private static String pathOf(JsonParser p, String propertyName) {
    JsonStreamContext context = p.getParsingContext();
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      context = context.getParent();
    }
    var segments = new LinkedList<String>();
    segments.addFirst(propertyName);
    for (var c = context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.addFirst("[" + c.getCurrentIndex() + "]");
      } else {
        segments.addFirst(c.getCurrentName());
      }
    }
    return String.join(".", segments).replace(".[", "[");
  }
}

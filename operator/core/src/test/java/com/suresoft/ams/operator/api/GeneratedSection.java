package com.suresoft.ams.operator.api;

/**
 * A generated part of a Markdown page (the API reference in docs/api-reference.md), kept between
 * two marker comments; the rest of the page is hand-written.
 */
record GeneratedSection(String startMarker, String endMarker) {

  static final GeneratedSection API_REFERENCE =
      new GeneratedSection("<!-- api-reference:start -->", "<!-- api-reference:end -->");

  /** The text between the markers. */
  String extract(String page) {
    int start = startOfContent(page);
    return page.substring(start, page.indexOf(endMarker, start));
  }

  /** The page with the text between the markers replaced by {@code content}. */
  String replace(String page, String content) {
    int start = startOfContent(page);
    return page.substring(0, start)
        + wrap(content)
        + page.substring(page.indexOf(endMarker, start));
  }

  /** How {@code content} stands between the markers: on lines of its own. */
  String wrap(String content) {
    return "\n" + content + (content.endsWith("\n") ? "" : "\n");
  }

  private int startOfContent(String page) {
    int start = page.indexOf(startMarker);
    if (start < 0 || page.indexOf(endMarker, start) < 0) {
      throw new IllegalArgumentException(
          "the page lacks the markers " + startMarker + " ... " + endMarker + " in that order");
    }
    return start + startMarker.length();
  }
}

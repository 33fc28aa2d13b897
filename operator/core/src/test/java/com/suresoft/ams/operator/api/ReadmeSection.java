package com.suresoft.ams.operator.api;

/** A generated part of README.md, kept between two marker comments; the rest is hand-written. */
record ReadmeSection(String startMarker, String endMarker) {

  static final ReadmeSection API_REFERENCE =
      new ReadmeSection("<!-- api-reference:start -->", "<!-- api-reference:end -->");

  /** The text between the markers. */
  String extract(String readme) {
    int start = startOfContent(readme);
    return readme.substring(start, readme.indexOf(endMarker, start));
  }

  /** The readme with the text between the markers replaced by {@code content}. */
  String replace(String readme, String content) {
    int start = startOfContent(readme);
    return readme.substring(0, start)
        + wrap(content)
        + readme.substring(readme.indexOf(endMarker, start));
  }

  /** How {@code content} stands between the markers: on lines of its own. */
  String wrap(String content) {
    return "\n" + content + (content.endsWith("\n") ? "" : "\n");
  }

  private int startOfContent(String readme) {
    int start = readme.indexOf(startMarker);
    if (start < 0 || readme.indexOf(endMarker, start) < 0) {
      throw new IllegalArgumentException(
          "README.md lacks the markers " + startMarker + " ... " + endMarker + " in that order");
    }
    return start + startMarker.length();
  }
}

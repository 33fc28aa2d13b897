package com.suresoft.ams.operator.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the links and repository paths of Markdown pages as GitHub renders them: a relative link
 * must name a file that exists, a {@code #anchor} into a Markdown file must match one of its
 * headings (GitHub's slugs), and a path into the repository's main folders named anywhere in the
 * text, code blocks included, must exist.
 */
final class MarkdownLinks {

  /**
   * Folders whose paths the pages name as commands or files to open. Paths under a {@code target/}
   * folder are build outputs, which a fresh checkout does not have.
   */
  private static final Pattern REPOSITORY_PATH =
      Pattern.compile("(?<![\\w./-])((?:samples|hack|charts|docs|operator|\\.github)/[\\w./-]*)");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ANCHOR =
      Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  private final Path root;
  private final Map<Path, Set<String>> anchors = new HashMap<>();

  MarkdownLinks(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** One line per problem, {@code page: target: what is wrong}; empty when all links hold. */
  List<String> problems(List<Path> pages) {
    List<String> problems = new ArrayList<>();
    for (Path page : pages) {
      String text = read(page);
      String where = root.relativize(page.toAbsolutePath().normalize()).toString();
      Matcher link = LINK.matcher(withoutCode(text));
      while (link.find()) {
        String problem = checkLink(page, link.group(1));
        if (problem != null) {
          problems.add(where + ": " + link.group(1) + ": " + problem);
        }
      }
      // Link targets were checked above; the rest of the text, code included, names paths.
      Matcher path = REPOSITORY_PATH.matcher(LINK.matcher(text).replaceAll("]()"));
      Set<String> reported = new LinkedHashSet<>();
      while (path.find()) {
        String named = path.group(1).replaceAll("[.,:;]+$", "");
        if (named.contains("/target/")
            || named.endsWith("/target")
            || Files.exists(root.resolve(named))) {
          continue;
        }
        if (reported.add(named)) {
          problems.add(where + ": " + named + ": no such file or folder");
        }
      }
    }
    return problems;
  }

  private String checkLink(Path page, String target) {
    if (SCHEME.matcher(target).find()) {
      return null; // an absolute URL: not this repository's to check
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!resolved.toAbsolutePath().normalize().startsWith(root)) {
      return "points outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && resolved.toString().endsWith(".md")) {
      Set<String> known = anchors.computeIfAbsent(resolved, p -> anchors(read(p)));
      if (!known.contains(anchor)) {
        return "no heading with this anchor in " + root.relativize(resolved.toAbsolutePath());
      }
    }
    return null;
  }

  /** The anchors GitHub gives a page's headings (and explicit {@code <a name>} anchors). */
  static Set<String> anchors(String markdown) {
    Set<String> found = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(2));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        found.add(n == 0 ? slug : slug + "-" + n);
      }
      Matcher html = HTML_ANCHOR.matcher(line);
      while (html.find()) {
        found.add(html.group(1));
      }
    }
    return found;
  }

  /**
   * GitHub's anchor for a heading: link text instead of links, lower case, every character that is
   * not a letter, digit, space, hyphen or underscore dropped, spaces turned into hyphens.
   */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").strip();
    StringBuilder slug = new StringBuilder();
    text.toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(
            c -> {
              if (c == ' ') {
                slug.append('-');
              } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
              }
            });
    return slug.toString();
  }

  /** The text without fenced code blocks and inline code, where brackets are not links. */
  private static String withoutCode(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
        out.append('\n');
        continue;
      }
      out.append(fenced ? "" : line.replaceAll("`[^`]*`", "")).append('\n');
    }
    return out.toString();
  }

  private static String read(Path page) {
    try {
      return Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

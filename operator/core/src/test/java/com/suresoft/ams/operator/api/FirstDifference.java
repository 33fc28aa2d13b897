package com.suresoft.ams.operator.api;

import java.util.List;

/** Names where two texts first differ, so a drift failure says where without a full diff. */
final class FirstDifference {

  private FirstDifference() {}

  static String describe(String committed, String generated) {
    List<String> committedLines = committed.lines().toList();
    List<String> generatedLines = generated.lines().toList();
    int common = Math.min(committedLines.size(), generatedLines.size());
    for (int i = 0; i < common; i++) {
      if (!committedLines.get(i).equals(generatedLines.get(i))) {
        return "first difference at line %d: committed '%s', generated '%s'"
            .formatted(i + 1, committedLines.get(i).strip(), generatedLines.get(i).strip());
      }
    }
    if (committedLines.size() != generatedLines.size()) {
      return "committed has %d lines, generated %d"
          .formatted(committedLines.size(), generatedLines.size());
    }
    return "the lines match; line endings or the final newline differ";
  }
}

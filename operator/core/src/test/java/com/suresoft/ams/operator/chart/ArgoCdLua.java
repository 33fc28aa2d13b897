package com.suresoft.ams.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.suresoft.ams.operator.testing.RequiredProgram;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the chart's Argo CD Lua scripts with Debian's lua5.4 as Argo CD runs customisations from
 * argocd-cm: the object in the global {@code obj}, and a sandbox with only the base functions,
 * {@code table} and the safe {@code os.date}/{@code os.time} (Argo CD's {@code util/lua}: no
 * string, math or io library, no string methods), so a script that works here works there.
 */
final class ArgoCdLua {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * Loads {@code script} in the sandbox, runs it and prints its result: a table as one {@code
   * path=value} line per leaf (sorted), anything else as itself.
   */
  private static final String RUNNER =
      """
      local script = arg[1]
      local env = {
        obj = obj, ipairs = ipairs, pairs = pairs, next = next, type = type, tostring = tostring,
        tonumber = tonumber, error = error, assert = assert, pcall = pcall, select = select,
        rawget = rawget, rawset = rawset, rawequal = rawequal, setmetatable = setmetatable,
        getmetatable = getmetatable, unpack = table.unpack, print = print, table = table,
        os = { date = os.date, time = os.time },
      }
      env.require = function(name)
        if name == "os" then return env.os end
        error("module " .. name .. " is not in Argo CD's Lua sandbox")
      end
      local format, sort, concat = string.format, table.sort, table.concat
      -- Argo CD's gopher-lua opens no string library, so strings have no methods there either.
      getmetatable("").__index = nil
      local chunk = assert(loadfile(script, "t", env))
      local result = chunk()
      local lines = {}
      local function walk(prefix, v)
        if type(v) == "table" then
          for k, x in pairs(v) do
            walk(prefix == "" and tostring(k) or (prefix .. "." .. tostring(k)), x)
          end
        else
          lines[#lines + 1] = prefix .. "=" .. tostring(v)
        end
      end
      walk("", result)
      sort(lines)
      io.write(concat(lines, "\\n"))
      """;

  private final Path dir;

  ArgoCdLua(Path dir) {
    this.dir = dir;
  }

  /** The health check's file in the chart. */
  static Path healthScript() {
    return Chart.directory().resolve("health").resolve("amsinstance.lua");
  }

  /**
   * The value of argocd-cm's {@code resource.customizations.actions.ams.suresoft.com_AmsInstance}.
   */
  static Path actionsFile() {
    return Chart.directory().resolve("actions").resolve("amsinstance.yaml");
  }

  /** The actions file's {@code discovery.lua} and each definition's {@code action.lua}, by name. */
  @SuppressWarnings("unchecked")
  static Map<String, String> actionScripts() {
    try {
      Map<String, Object> value = new YAMLMapper().readValue(actionsFile().toFile(), Map.class);
      var scripts = new LinkedHashMap<String, String>();
      scripts.put("discovery.lua", (String) value.get("discovery.lua"));
      for (var d : (List<Map<String, Object>>) value.get("definitions")) {
        scripts.put((String) d.get("name"), (String) d.get("action.lua"));
      }
      return scripts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code script} (source text) against {@code obj}; its result as sorted path=value. */
  Map<String, String> run(String script, Object obj) throws IOException, InterruptedException {
    Path file = Files.createTempFile(dir, "script", ".lua");
    Files.writeString(file, script);
    return run(file, obj);
  }

  Map<String, String> run(Path script, Object obj) throws IOException, InterruptedException {
    Path lua = RequiredProgram.require("lua5.4");
    Path runner = Files.createTempFile(dir, "run", ".lua");
    Files.writeString(
        runner, "obj = " + literal(JSON.convertValue(obj, Map.class)) + "\n" + RUNNER);
    var process =
        new ProcessBuilder(lua.toString(), runner.toString(), script.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("lua5.4 output: %s", out).isZero();
    var result = new TreeMap<String, String>();
    for (String line : out.split("\n")) {
      if (!line.isEmpty()) {
        int eq = line.indexOf('=');
        result.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return result;
  }

  private static String literal(Object value) {
    if (value instanceof Map<?, ?> map) {
      var sb = new StringBuilder("{");
      map.forEach(
          (k, v) -> sb.append("[").append(literal(k)).append("]=").append(literal(v)).append(","));
      return sb.append("}").toString();
    }
    if (value instanceof List<?> list) {
      var sb = new StringBuilder("{");
      list.forEach(v -> sb.append(literal(v)).append(","));
      return sb.append("}").toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "\""
        + value
            .toString()
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        + "\"";
  }
}

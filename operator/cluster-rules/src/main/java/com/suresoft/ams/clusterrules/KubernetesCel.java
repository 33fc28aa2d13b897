package com.suresoft.ams.clusterrules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationExceptionBuilder;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * The CEL environment of a CRD validation rule as the Kubernetes API server sets it up: the
 * standard library and macros ({@code has}, {@code all}, {@code exists}, {@code filter}, {@code
 * map}), a variable {@code self}, plus the Kubernetes library functions that standard CEL lacks.
 *
 * <p>{@code self} is declared {@code dyn}: the API server types it from the schema, so a rule that
 * compares a string with an int compiles here but is refused there. Rules are still parsed, their
 * functions resolved, and their results computed exactly.
 */
public final class KubernetesCel {

  /** The name a rule uses for the value of the schema node it sits on. */
  public static final String SELF = "self";

  private static final String IS_SORTED = "isSorted";
  private static final String LIST_IS_SORTED = "list_isSorted";

  private final Cel cel;

  public KubernetesCel() {
    this.cel =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar(SELF, SimpleType.DYN)
            .addFunctionDeclarations(isSortedDeclaration())
            .addFunctionBindings(
                CelFunctionBinding.from(LIST_IS_SORTED, List.class, KubernetesCel::isSorted))
            .build();
  }

  /**
   * Compiles one rule.
   *
   * @throws IllegalArgumentException naming the rule when it does not parse or uses an unknown
   *     function: a CRD with such a rule is refused by the API server too
   */
  public CelRuntime.Program compile(String rule) {
    try {
      CelAbstractSyntaxTree ast = cel.compile(rule).getAst();
      return cel.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(
          "CEL rule does not compile: " + rule + "\n" + e.getMessage(), e);
    }
  }

  // Kubernetes list library: <list>.isSorted() for lists of comparable elements (ints, strings,
  // doubles, ...). Not part of standard CEL, and the canary steps rule needs it.
  private static CelFunctionDecl isSortedDeclaration() {
    TypeParamType element = TypeParamType.create("T");
    return CelFunctionDecl.newFunctionDeclaration(
        IS_SORTED,
        CelOverloadDecl.newMemberOverload(
            LIST_IS_SORTED, SimpleType.BOOL, ListType.create(element)));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static boolean isSorted(List list) throws CelEvaluationException {
    for (int i = 1; i < list.size(); i++) {
      Object previous = list.get(i - 1);
      Object current = list.get(i);
      if (!(previous instanceof Comparable) || previous.getClass() != current.getClass()) {
        throw CelEvaluationExceptionBuilder.newBuilder(
                "isSorted() needs elements of one comparable type, got %s and %s",
                previous.getClass().getSimpleName(), current.getClass().getSimpleName())
            .build();
      }
      if (((Comparable) previous).compareTo(current) > 0) {
        return false;
      }
    }
    return true;
  }
}

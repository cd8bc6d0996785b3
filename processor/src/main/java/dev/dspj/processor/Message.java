package dev.dspj.processor;

import java.util.Locale;

/**
 * Every message the processor reports, each with a stable tag users and tests can search for
 * ({@code [DSPJ-DUPLICATE-FIELD]}). The text names the annotation, states the rule, shows what was
 * found and suggests the fix.
 */
public enum Message {
    /** {@code @Signature} on something other than an interface. */
    NOT_AN_INTERFACE("@Signature applies to interfaces, but %s is %s; declare it as `interface %s`"),
    /** A generic signature interface. */
    GENERIC_SIGNATURE("@Signature interface %s must not declare type parameters %s: a signature's field types must be "
            + "concrete; remove the type parameters"),
    /** A private (or otherwise unreachable) signature interface. */
    INACCESSIBLE_SIGNATURE("@Signature interface %s is private, so the code generated next to it cannot use it; "
            + "make it package-private or public"),
    /** A field method with parameters, type parameters or a void result. */
    NOT_AN_ACCESSOR("@%s method %s must be a no-argument accessor returning the field's type (found %s); "
            + "remove its parameters and type parameters"),
    /** An abstract method with neither field annotation. */
    UNANNOTATED_METHOD("abstract method %s() of @Signature %s has neither @InputField nor @OutputField; annotate it, "
            + "or give it a default body if it is not a field"),
    /** A method with both field annotations. */
    BOTH_ANNOTATIONS("method %s() has both @InputField and @OutputField; a field is either an input or an output: "
            + "remove one"),
    /** No output field. */
    NO_OUTPUT_FIELD("@Signature %s declares no @OutputField; a signature needs at least one output field for the model "
            + "to produce"),
    /** Two fields with one wire name. */
    DUPLICATE_FIELD("@%s name \"%s\" of %s() is already used by %s(); rename one of them"),
    /** A name override that is not an identifier. */
    INVALID_FIELD_NAME("@%s name \"%s\" is not a valid field name: use letters, digits and underscores, not starting "
            + "with a digit (the Chat format's [[ ## name ## ]] markers allow nothing else)"),
    /** The name the Chat format uses to end answers. */
    RESERVED_COMPLETED("field name \"completed\" of %s() is reserved: the Chat format ends every answer with "
            + "[[ ## completed ## ]]; rename it, for example @%s(name = \"is_completed\")"),
    /** A field named like the one chain of thought adds. */
    RESERVED_REASONING("field name \"reasoning\" of %s() is the field chain of thought adds, so no chainOfThought() is "
            + "generated for %s; rename the field to get one"),
    /** A field method named like a method the generated records already have (completion(), builder()...). */
    RESERVED_ACCESSOR("@%s method %s() clashes with %s.%s(), which the generated record already has; rename the "
            + "method and keep the wire name with @%s(name = \"%s\")"),
    /** A field a child signature redeclares with another role or type than its parent. */
    FIELD_REDECLARED("%s() of %s redeclares the field %s() of %s, declared there as %s, but here as %s; a "
            + "signature keeps its parents' fields, so declare it as %s or give it another name"),
    /** {@code @InputField} or @OutputField on a method no signature reads. */
    STRAY_FIELD_ANNOTATION("@%s on %s.%s() has no effect: %s is not a @Signature and no @Signature in this "
            + "compilation extends it; annotate %s with @Signature, extend it from one, or remove @%s"),
    /** A processor option with a value it does not accept. */
    INVALID_OPTION("-A%s=%s is not valid: use -A%s=true or -A%s=false"),
    /** A type the framework cannot render or parse. */
    UNSUPPORTED_TYPE("%s has type %s%s, which DSPJ cannot put in a prompt. Supported: String, int, long, double, "
            + "float, boolean and their boxed forms, BigDecimal, enums, records, and List<T>, Set<T>, "
            + "Map<String, T> and Optional<T> of those; also dev.dspj.tool.Tool (inputs only) and "
            + "dev.dspj.tool.ToolCalls"),
    /** An enum without constants, for which the model could produce no value. */
    EMPTY_ENUM("%s uses the enum %s%s, which has no constants, so the model could never produce a value; add "
            + "constants or use another type"),
    /** A raw generic type. */
    RAW_TYPE("%s uses the raw type %s; give its type arguments, for example %s"),
    /** A wildcard type argument. */
    WILDCARD_TYPE("%s uses the wildcard type %s; use a concrete type argument, for example List<String>"),
    /** A map whose keys are not strings. */
    MAP_KEY("%s has type %s: map keys must be String, as in a JSON object; use Map<String, ...>"),
    /** Two different named types with one simple name. */
    DUPLICATE_TYPE_NAME("%s() uses %s, but this signature also uses %s: the model sees both as \"%s\" (a JSON "
            + "schema names types by simple name), so it could not tell them apart; rename one of the types"),
    /** A generic record used as a field type. */
    GENERIC_RECORD("%s uses the generic record %s%s; records used as field types must not have type parameters"),
    /** A record that contains itself. */
    RECURSIVE_TYPE("%s uses the record %s, which contains itself through %s; recursive types cannot be described to "
            + "the model as a JSON schema"),
    /** A private type the generated code cannot reach. */
    INACCESSIBLE_TYPE("%s uses %s, which is private (or nested in a private type), so the code generated in package "
            + "%s cannot use it; make it package-private or public"),
    /** A generated name already taken by a user's type. */
    NAME_CLASH("cannot generate %s: a type with that name already exists in package %s; rename the signature %s or "
            + "that type"),
    /** No instructions. */
    EMPTY_INSTRUCTIONS("@Signature %s has no instructions (empty value and no javadoc), so DSPy's default \"%s\" is "
            + "used; describe the task in @Signature(\"...\") or the interface's javadoc to get better answers"),
    /** {@code @Program} on something other than a class. */
    PROGRAM_NOT_A_CLASS("@Program applies to classes, but %s is %s; declare it as `public class %s extends "
            + "ProgramModule<%s>`"),
    /** An abstract @Program class. */
    ABSTRACT_PROGRAM("@Program class %s is abstract, but the generated deepCopy() creates programs with `new %s()`; "
            + "remove `abstract`, or put @Program on a concrete subclass"),
    /** A generic @Program class. */
    GENERIC_PROGRAM("@Program class %s must not declare type parameters %s: the generated deepCopy() creates programs "
            + "with `new %s()`; remove the type parameters"),
    /** A private (or otherwise unreachable) @Program class. */
    INACCESSIBLE_PROGRAM("@Program class %s is private, so the descriptor generated next to it cannot use it; make it "
            + "package-private or public"),
    /** A @Program class that does not extend ProgramModule of itself. */
    NOT_A_PROGRAM_MODULE("@Program class %s extends %s, but a program must extend ProgramModule<%s> "
            + "(dev.dspj.module.ProgramModule) so optimizers reach its predictors through the generated %s; declare "
            + "`class %s extends ProgramModule<%s>` and call `super(%s.INSTANCE)` in its constructor"),
    /** No constructor the generated deepCopy() can call. */
    NO_PROGRAM_CONSTRUCTOR("@Program class %s has no constructor without parameters that the generated %s can call "
            + "(%s); add a package-private or public `%s() { super(%s.INSTANCE); }`"),
    /** A private module field. */
    PRIVATE_MODULE_FIELD(
            "module field %s of @Program %s is private, so the generated %s cannot read or set it; make it "
                    + "package-private, protected or public"),
    /** A final module field. */
    FINAL_MODULE_FIELD("module field %s of @Program %s is final, so the generated deepCopy() cannot give the copy its "
            + "own copy of it; remove `final`"),
    /** A field holding modules in a container the generated code cannot walk. */
    UNSUPPORTED_MODULE_FIELD("field %s of @Program %s has type %s, which holds modules in a way DSPJ cannot walk; a "
            + "module field is a Module, a List<M> or a Map<String, M> of modules: change its type to one of those"),
    /** A program without module fields. */
    NO_MODULE_FIELDS("@Program %s has no module fields (instance fields whose type is a Module, a List of modules or a "
            + "Map<String, ...> of modules), so optimizers and saved state find no predictor in it; declare the "
            + "predictors it calls as fields, for example `AnswerPredictor answer = AnswerPredictor.predict();`"),
    /** A generated descriptor name already taken. */
    PROGRAM_NAME_CLASH("cannot generate %s: a type with that name already exists in package %s; rename the program %s "
            + "or that type"),
    /** A @Variable field whose type is not a variable type. */
    VARIABLE_UNSUPPORTED_TYPE("@Variable field %s has type %s, which cannot be a variable%s. Supported: boolean, int, "
            + "long, double, String (with choices) and enums"),
    /** A @Variable field whose enum the generated code cannot name. */
    VARIABLE_INACCESSIBLE_ENUM("@Variable field %s has the enum type %s, which the %s generated in package %s cannot "
            + "use (%s); make the enum public, or package-private in the same package"),
    /** A static @Variable field. */
    VARIABLE_STATIC_FIELD("@Variable field %s is static, but a variable belongs to a program instance (configurations "
            + "are applied to one program); remove `static`"),
    /** A final @Variable field. */
    VARIABLE_FINAL_FIELD("@Variable field %s is final, so the generated %s cannot set it when a configuration is "
            + "applied; remove `final`"),
    /** A private @Variable field. */
    VARIABLE_PRIVATE_FIELD("@Variable field %s is private, so the generated %s cannot read or set it; make it "
            + "package-private, protected or public"),
    /** A @Variable field in a class the generated code cannot reach. */
    VARIABLE_UNREACHABLE_CLASS(
            "@Variable field %s is in %s, which the code generated for its variables cannot reach; " + "%s"),
    /** A @Variable field in a generic class. */
    VARIABLE_GENERIC_CLASS("@Variable field %s is in the generic class %s%s, whose generated %s would need its type "
            + "arguments; move the variables to a class without type parameters"),
    /** A variable name that is not an identifier. */
    VARIABLE_INVALID_NAME("@Variable name \"%s\"%s is not a valid variable name: use letters, digits and "
            + "underscores, not starting with a digit%s"),
    /** Two variables of one class with one name. */
    VARIABLE_DUPLICATE_NAME("@Variable name \"%s\" of field %s is already used by field %s; give one of them "
            + "another name with @Variable(name = \"...\")"),
    /** Two variables whose generated constants have one name, or a constant the generated class reserves. */
    VARIABLE_CONSTANT_CLASH("@Variable \"%s\" of field %s would be the constant %s of the generated %s, which %s; "
            + "rename the variable with @Variable(name = \"...\")"),
    /** {@code @Variable}(min/max/step/logScale/choices) on a field of a type it does not apply to. */
    VARIABLE_INAPPLICABLE_ATTRIBUTE("@Variable(%s) applies to %s fields, but field %s is %s; remove %s"),
    /** A numeric variable without both bounds. */
    VARIABLE_MISSING_BOUND("@Variable field %s (%s) needs both min and max: a numeric variable is searched between "
            + "bounds, but %s; declare both, for example @Variable(min = %s, max = %s)"),
    /** A bound that is not a number the field can hold. */
    VARIABLE_INVALID_BOUND("@Variable(%s = %s) of %s field %s is not %s"),
    /** min greater than max. */
    VARIABLE_EMPTY_RANGE("@Variable field %s has min = %s greater than max = %s, so no value is allowed; swap them"),
    /** A bad step. */
    VARIABLE_INVALID_STEP("@Variable(step = %s) of field %s %s"),
    /** A log scale with a bound that has no logarithm. */
    VARIABLE_INVALID_LOG_SCALE("@Variable field %s is on a log scale, so min must be greater than 0, but min = %s; "
            + "raise min or remove logScale"),
    /** A String variable without choices. */
    VARIABLE_NO_CHOICES("@Variable String field %s has no choices; list the values it may take, for example "
            + "@Variable(choices = {\"short\", \"detailed\"})"),
    /** A choice listed twice. */
    VARIABLE_DUPLICATE_CHOICE("@Variable field %s lists the choice \"%s\" twice; remove one"),
    /** A String or enum variable without an initializer. */
    VARIABLE_NEEDS_INITIALIZER("@Variable field %s has no initializer, but its initializer is the variable's default "
            + "and %s has no natural one; initialize it, for example `%s`"),
    /** An initializer the processor cannot read at compile time. */
    VARIABLE_UNSUPPORTED_INITIALIZER("the initializer of @Variable field %s, `%s`, is the variable's default, but DSPJ "
            + "cannot read it at compile time: %s. Use a literal (2, -0.5, true, \"short\"), an enum constant "
            + "(Style.SHORT) or a compile-time constant (a static final field with a constant initializer)"),
    /** No syntax trees to read initializers from. */
    VARIABLE_DEFAULT_UNREADABLE(
            "cannot read the initializer of @Variable field %s, which is the variable's default: the "
                    + "compiler's processing environment (%s) gives no access to syntax trees (com.sun.source.util.Trees); "
                    + "compile with javac"),
    /** A default outside the bounds. */
    VARIABLE_DEFAULT_OUT_OF_RANGE("the default of @Variable field %s, %s (%s), is outside [%s, %s]; "
            + "change the initializer or the bounds"),
    /** A default not on the step grid. */
    VARIABLE_DEFAULT_OFF_STEP("the default of @Variable field %s, %s (%s), is not min plus a multiple of "
            + "step (%s + k * %s); the nearest allowed values are %s and %s"),
    /** A default not among the choices. */
    VARIABLE_DEFAULT_NOT_A_CHOICE("the default of @Variable field %s, \"%s\" (its initializer), is not one of its "
            + "choices %s; add it to the choices or change the initializer"),
    /** A condition that does not parse. */
    VARIABLE_INVALID_CONDITION("@Variable(when = \"%s\") of field %s is not a condition: write \"other=value\" or "
            + "\"other=value1|value2\", where other is the name of another variable of %s"),
    /** A condition on the variable itself. */
    VARIABLE_SELF_CONDITION("@Variable(when = \"%s\") of field %s names the variable itself; a condition names "
            + "another variable of %s"),
    /** A condition on a variable the class does not declare. */
    VARIABLE_UNKNOWN_CONDITION_VARIABLE("@Variable(when = \"%s\") of field %s names the variable \"%s\", which %s "
            + "does not declare%s; its variables are %s"),
    /** A condition on a continuous variable. */
    VARIABLE_CONTINUOUS_CONDITION("@Variable(when = \"%s\") of field %s depends on \"%s\", a double variable, "
            + "whose values cannot be listed; a condition names a boolean, enum, String or integer variable"),
    /** A condition on a value the other variable never takes. */
    VARIABLE_UNKNOWN_CONDITION_VALUE("@Variable(when = \"%s\") of field %s names the value \"%s\", which variable "
            + "\"%s\" never takes; its values are %s"),
    /** Conditions that depend on each other in a circle. */
    VARIABLE_CONDITION_CYCLE("@Variable conditions of %s form a cycle: %s; a variable cannot depend on itself, even "
            + "through others: remove one of the conditions"),
    /** A generated variables class name already taken. */
    VARIABLES_NAME_CLASH("cannot generate %s: a type with that name already exists in package %s; rename the class %s "
            + "or that type"),
    /** A module field of a plain class that the generated predictors() leaves out. */
    VARIABLES_SKIPPED_MODULE_FIELD(
            "field %s of %s holds modules but %s, so the generated %s.predictors() leaves it " + "out; %s"),
    /** A @Tool method that is not public. */
    TOOL_NOT_PUBLIC("@Tool method %s is %s, but a tool is called by the generated %s: make it public"),
    /** A static @Tool method. */
    TOOL_STATIC_METHOD("@Tool method %s is static, but a tool is a method of a class instance (%s.of(target) "
            + "calls it on target); remove `static`"),
    /** A generic @Tool method. */
    TOOL_GENERIC_METHOD("@Tool method %s declares type parameters %s, but a tool's argument and result types must be "
            + "concrete to be described to the model; remove the type parameters"),
    /** A @Tool parameter or result of a type a tool cannot take or return. */
    TOOL_UNSUPPORTED_TYPE("%s has type %s%s, which a tool cannot take or return. Supported: String, int, long, "
            + "double, float, boolean and their boxed forms, BigDecimal, enums, records, and List<T>, Set<T>, "
            + "Map<String, T> and Optional<T> of those; a result may also be void, or a CompletableFuture<T> or "
            + "CompletionStage<T> of those"),
    /** Two tools of one class with one name. */
    TOOL_DUPLICATE_NAME("@Tool name \"%s\" of %s is already used by %s of the same class; a model calls tools by "
            + "name: give one of them another with @Tool(name = \"...\")"),
    /** Two arguments of one tool with one name. */
    TOOL_DUPLICATE_ARGUMENT("argument name \"%s\" of parameter %s is already used by parameter %s of @Tool %s; "
            + "rename one with @ToolParam(name = \"...\")"),
    /** {@code @ToolParam} with both {@code value} and {@code desc}. */
    TOOL_PARAM_TWO_DESCRIPTIONS("@ToolParam on parameter %s of @Tool %s gives a description twice, as value and as "
            + "desc; keep one of them"),
    /** A tool or argument name that function calling does not accept. */
    TOOL_INVALID_NAME("%s name \"%s\"%s is not valid: use 1 to 64 letters, digits, '_' or '-' (what function-calling "
            + "APIs accept)%s"),
    /** {@code @Tool} methods in a class the generated code cannot reach. */
    TOOL_UNREACHABLE_CLASS("@Tool method %s is in %s, which the code generated for its tools cannot reach; %s"),
    /** {@code @Tool} methods in a generic class. */
    TOOL_GENERIC_CLASS("@Tool method %s is in the generic class %s%s, whose generated %s would need its type "
            + "arguments; move the tools to a class without type parameters"),
    /** {@code @ToolParam} on a parameter of a method without {@code @Tool}. */
    STRAY_TOOL_PARAM("@ToolParam on parameter %s of %s.%s() has no effect: the method is not a @Tool; annotate the "
            + "method with @Tool, or remove @ToolParam"),
    /** A generated tools class name already taken. */
    TOOLS_NAME_CLASH("cannot generate %s: a type with that name already exists in package %s; rename the class %s "
            + "or that type"),
    /** A signature output field whose type contains Tool. */
    TOOL_OUTPUT_FIELD("@OutputField %s() has type %s, but a Tool is given to a model, never read from its answer; "
            + "make it an @InputField, or use dev.dspj.tool.ToolCalls for the calls a model answers with"),
    /** A class with @Tool methods whose types never resolved. */
    UNRESOLVED_TOOLS_TYPES("did not generate the tools of %s because it refers to types that do not exist: %s"),
    /** A class with @Variable fields whose field types never resolved. */
    UNRESOLVED_VARIABLES_TYPES(
            "did not generate the variables of %s because it refers to types that do not exist: " + "%s"),
    /** A program whose field types never resolved. */
    UNRESOLVED_PROGRAM_TYPES(
            "did not generate the descriptor for @Program %s because it refers to types that do not " + "exist: %s"),
    /** An element whose types never resolved. */
    UNRESOLVED_TYPES("did not generate the predictor for %s because it refers to types that do not exist: %s"),
    /** An exception inside the processor. */
    PROCESSOR_FAILURE("DSPJ's processor failed on %s; please report this with the stack trace:%n%s");

    private final String format;

    Message(String format) {
        this.format = format;
    }

    /**
     * The stable tag, for example {@code [DSPJ-DUPLICATE-FIELD]}.
     *
     * @return the tag
     */
    public String tag() {
        return "[DSPJ-" + name().replace('_', '-') + "]";
    }

    /**
     * The full message: tag, then the text with the arguments filled in.
     *
     * @param args the arguments
     * @return the message
     */
    public String format(Object... args) {
        return tag() + " " + String.format(Locale.ROOT, format, args);
    }
}

package dev.dspj.samples.tools;

import dev.dspj.annotations.Tool;
import dev.dspj.annotations.ToolParam;

/**
 * Sample tools: a calculator whose {@code @Tool} methods a model may call. The processor generates
 * {@code CalculatorTools} next to it; {@code CalculatorTools.of(new Calculator())} returns one
 * {@code dev.dspj.tool.Tool} per method, which calls the method directly.
 */
public class Calculator {

    /** Creates a calculator. */
    public Calculator() {}

    /**
     * Adds two numbers (the description comes from the annotation).
     *
     * @param a the first number
     * @param b the second number
     * @return the sum
     */
    @Tool("Adds two numbers.")
    public double add(@ToolParam("the first number") double a, @ToolParam("the second number") double b) {
        return a + b;
    }

    /**
     * Multiplies two numbers.
     *
     * @param a the first factor
     * @param b the second factor
     * @return the product
     */
    @Tool
    public double multiply(double a, double b) {
        return a * b;
    }

    /**
     * Evaluates an arithmetic expression with numbers, + - * /, parentheses and unary minus.
     *
     * @param expression the expression, such as (1 + 2) * 3
     * @return its value
     * @throws IllegalArgumentException naming the position of what is not arithmetic
     */
    @Tool
    public double evaluate(String expression) {
        return new Parser(expression).parse();
    }

    /**
     * A recursive-descent parser that computes as it reads (no script engine, nothing but arithmetic):
     *
     * <pre>
     * expression = term (("+" | "-") term)*
     * term       = factor (("*" | "/") factor)*
     * factor     = ("+" | "-") factor | number | "(" expression ")"
     * </pre>
     */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        double parse() {
            double value = expression();
            skipSpaces();
            if (position < text.length()) {
                throw unexpected();
            }
            return value;
        }

        private double expression() {
            double value = term();
            for (char c = peek(); c == '+' || c == '-'; c = peek()) {
                position++;
                value = c == '+' ? value + term() : value - term();
            }
            return value;
        }

        private double term() {
            double value = factor();
            for (char c = peek(); c == '*' || c == '/'; c = peek()) {
                position++;
                double right = factor();
                if (c == '/' && right == 0) {
                    throw new IllegalArgumentException("division by zero in \"" + text + "\"");
                }
                value = c == '*' ? value * right : value / right;
            }
            return value;
        }

        private double factor() {
            char c = peek();
            if (c == '+' || c == '-') {
                position++;
                return c == '-' ? -factor() : factor();
            }
            if (c == '(') {
                position++;
                double value = expression();
                if (peek() != ')') {
                    throw unexpected();
                }
                position++;
                return value;
            }
            int start = position;
            while (position < text.length()
                    && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            if (start == position) {
                throw unexpected();
            }
            try {
                return Double.parseDouble(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "\"" + text.substring(start, position) + "\" at position " + start + " is not a number", e);
            }
        }

        /** The next character that is not a space, without reading it; 0 at the end. */
        private char peek() {
            skipSpaces();
            return position < text.length() ? text.charAt(position) : 0;
        }

        private void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private IllegalArgumentException unexpected() {
            String found = position < text.length() ? "'" + text.charAt(position) + "'" : "the end";
            return new IllegalArgumentException("unexpected " + found + " at position " + position + " of \"" + text
                    + "\": use numbers, + - * /, and parentheses");
        }
    }
}

package dev.dspj.sim;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Evaluates arithmetic expressions exactly: integers and decimals, {@code + - * /}, unary signs and
 * parentheses, nothing else (no names, no functions, no exponents), so a model's argument can never
 * run code. Division is exact when it can be, else rounded to 20 significant digits.
 */
final class Calculator {

    /** The longest expression accepted, in characters. */
    static final int MAX_LENGTH = 500;
    /** The deepest nesting of parentheses and signs accepted. */
    static final int MAX_DEPTH = 50;

    private static final MathContext DIVISION = new MathContext(20, RoundingMode.HALF_EVEN);

    private final String text;
    private int at;
    private int depth;

    private Calculator(String text) {
        this.text = text;
    }

    /**
     * The value of an expression, as an integer when it is one ({@code 84}), else a plain decimal
     * without trailing zeros ({@code 2.5}).
     *
     * @param expression for example {@code (1234 + 5678) * 9}
     * @return the value's text
     * @throws IllegalArgumentException naming what is not arithmetic and where, or a division by zero
     */
    static String evaluate(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "expression too long: " + expression.length() + " characters, at most " + MAX_LENGTH);
        }
        Calculator calculator = new Calculator(expression);
        calculator.skipSpaces();
        if (calculator.at == expression.length()) {
            throw new IllegalArgumentException("empty expression");
        }
        BigDecimal value = calculator.sum();
        if (calculator.at < expression.length()) {
            throw calculator.unexpected();
        }
        return format(value);
    }

    /** A value as an integer when it is one, else a plain decimal without trailing zeros. */
    static String format(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return stripped.toBigIntegerExact().toString();
        }
        return stripped.toPlainString();
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (true) {
            char op = peek();
            if (op != '+' && op != '-') {
                return value;
            }
            advance();
            BigDecimal right = product();
            value = op == '+' ? value.add(right) : value.subtract(right);
        }
    }

    private BigDecimal product() {
        BigDecimal value = unary();
        while (true) {
            char op = peek();
            if (op != '*' && op != '/') {
                return value;
            }
            int position = at;
            advance();
            BigDecimal right = unary();
            if (op == '*') {
                value = value.multiply(right);
            } else if (right.signum() == 0) {
                throw new IllegalArgumentException("division by zero at position " + position);
            } else {
                try {
                    value = value.divide(right);
                } catch (ArithmeticException nonTerminating) {
                    value = value.divide(right, DIVISION);
                }
            }
        }
    }

    private BigDecimal unary() {
        char c = peek();
        if (c == '-' || c == '+') {
            enter();
            advance();
            BigDecimal value = unary();
            depth--;
            return c == '-' ? value.negate() : value;
        }
        return primary();
    }

    private BigDecimal primary() {
        if (peek() == '(') {
            enter();
            advance();
            BigDecimal value = sum();
            if (peek() != ')') {
                throw at >= text.length()
                        ? new IllegalArgumentException("missing ')' at the end of \"" + text + "\"")
                        : unexpected();
            }
            advance();
            depth--;
            return value;
        }
        int start = at;
        while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            at++;
        }
        if (start == at) {
            throw at >= text.length()
                    ? new IllegalArgumentException("\"" + text + "\" ends where a number should be")
                    : unexpected();
        }
        String number = text.substring(start, at);
        skipSpaces();
        try {
            return number.indexOf('.') < 0 ? new BigDecimal(new BigInteger(number)) : new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number '" + number + "' at position " + start, e);
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("expression nested deeper than " + MAX_DEPTH);
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void advance() {
        at++;
        skipSpaces();
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException unexpected() {
        return new IllegalArgumentException("unexpected character '" + text.charAt(at) + "' at position " + at
                + " of \"" + text + "\": only numbers, + - * / and parentheses are allowed");
    }
}

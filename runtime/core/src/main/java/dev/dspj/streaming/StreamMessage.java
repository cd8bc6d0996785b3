package dev.dspj.streaming;

import dev.dspj.primitives.Prediction;
import java.util.Objects;

/** One message of a streamed program run: a field's piece, a status, or the final prediction. */
public sealed interface StreamMessage {

    /**
     * A piece of an output field's value as the model writes it (DSPy's {@code StreamResponse}).
     * The pieces of one field, joined, are its value's text: left- and right-trimmed for the Chat
     * and XML adapters, decoded (no quotes, escapes resolved) for a JSON string.
     *
     * @param predictor the predictor's path in the program ({@code generate_answer}, {@code self}
     *     for a program that is one predictor)
     * @param field the output field's name
     * @param chunk the new text
     * @param last whether the field's value ends with this piece (the piece may be empty)
     */
    record FieldChunk(String predictor, String field, String chunk, boolean last) implements StreamMessage {

        /**
         * Validates the piece.
         *
         * @param predictor the predictor's path
         * @param field the field's name
         * @param chunk the text
         * @param last whether it is the last piece
         */
        public FieldChunk {
            Objects.requireNonNull(predictor, "predictor");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /**
     * A status message, such as {@code Calling tool search...} (DSPy's {@code StatusMessage}).
     *
     * @param message the text
     */
    record Status(String message) implements StreamMessage {

        /**
         * Validates the message.
         *
         * @param message the text
         */
        public Status {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The program's prediction, typed values and usage included; the last message of a run.
     *
     * @param prediction the prediction
     */
    record Final(Prediction prediction) implements StreamMessage {

        /**
         * Validates the message.
         *
         * @param prediction the prediction
         */
        public Final {
            Objects.requireNonNull(prediction, "prediction");
        }
    }
}

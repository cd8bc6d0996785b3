package dev.dspj.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Generates the review sentiment task from templates, sarcastic and mixed reviews being the hard ones. */
final class Sentiment {

    static final String NAME = "sentiment";
    static final List<String> HINTS = List.of("sarcasm", "overall tone");

    private static final List<String> PRODUCTS = List.of(
            "blender",
            "pair of headphones",
            "backpack",
            "coffee maker",
            "desk lamp",
            "phone case",
            "pair of running shoes",
            "vacuum cleaner",
            "water bottle",
            "keyboard",
            "office chair",
            "toaster",
            "rain jacket",
            "smartwatch",
            "frying pan",
            "tent",
            "monitor",
            "electric kettle",
            "yoga mat",
            "bluetooth speaker");
    private static final List<String> ASPECTS = List.of(
            "battery life",
            "build quality",
            "design",
            "price",
            "customer service",
            "sound",
            "comfort",
            "packaging",
            "instruction manual",
            "durability");

    /** A kind of review: its label, its difficulty range and its templates (%1$s product, %2$s aspect). */
    private record Kind(
            String label, double minDifficulty, double maxDifficulty, double weight, List<String> templates) {}

    private static final List<Kind> KINDS = List.of(
            new Kind(
                    "POSITIVE",
                    0.0,
                    0.35,
                    0.30,
                    List.of(
                            "I absolutely love this %1$s. The %2$s is fantastic and it works perfectly.",
                            "Best %1$s I have ever owned; the %2$s exceeded my expectations.",
                            "Great %1$s! The %2$s is excellent and I would buy it again.",
                            "Really happy with this %1$s. Solid %2$s, and it arrived quickly.",
                            "This %1$s is wonderful, and the %2$s is superb. Friends keep asking where I got it.",
                            "Five stars. The %1$s does everything I wanted and the %2$s is top notch.")),
            new Kind(
                    "NEGATIVE",
                    0.0,
                    0.35,
                    0.25,
                    List.of(
                            "Terrible %1$s. The %2$s is awful and it stopped working after a week.",
                            "I regret buying this %1$s; the %2$s is a complete disappointment.",
                            "Do not buy this %1$s. Poor %2$s, and the seller ignored my emails.",
                            "The %1$s broke on the first day and the %2$s feels cheap and flimsy.",
                            "Worst %1$s I have owned. The %2$s is bad and I am returning it.",
                            "Very disappointed with this %1$s; the %2$s is far worse than advertised.")),
            new Kind(
                    "NEUTRAL",
                    0.3,
                    0.7,
                    0.20,
                    List.of(
                            "The %1$s arrived on Tuesday. The %2$s is about what you would expect for the price.",
                            "It is a %1$s. The %2$s is neither impressive nor bad.",
                            "The %1$s works as described. Nothing special about the %2$s, nothing wrong either.",
                            "Average %1$s. The %2$s is okay; I have no strong feelings either way.",
                            "I received the %1$s in a plain box. The %2$s is standard.")),
            new Kind(
                    "NEGATIVE",
                    0.65,
                    1.0,
                    0.15,
                    List.of(
                            "Oh great, another %1$s whose %2$s gave up in two days. Just what I needed.",
                            "Wow, what a fantastic %1$s: the %2$s is so amazing it fell apart before I opened the box.",
                            "I just love spending my weekend fixing a brand new %1$s. The %2$s is truly a masterpiece of failure.",
                            "Five stars for creativity: I never knew a %1$s could have %2$s this bad.",
                            "Thrilled, truly thrilled, that the %2$s of my %1$s lasted almost a whole afternoon.")),
            new Kind(
                    "POSITIVE",
                    0.45,
                    0.8,
                    0.06,
                    List.of(
                            "The %2$s of this %1$s is a bit disappointing, but I am very happy with it and would recommend it.",
                            "Shipping was slow and the %2$s could be better, yet this %1$s is a great buy.",
                            "I was worried about the %2$s at first, but after a month this %1$s has won me over.")),
            new Kind(
                    "NEGATIVE",
                    0.45,
                    0.8,
                    0.04,
                    List.of(
                            "The %2$s is nice, but this %1$s is a letdown and I would not buy it again.",
                            "Lovely %2$s, shame about everything else: this %1$s went back to the shop.")));

    private Sentiment() {}

    static SimTask generate(long seed, int size) {
        Random random = new Random(seed * 31 + 0x5E47_0002L);
        Set<String> seen = new HashSet<>();
        List<SimExample> examples = new ArrayList<>(size);
        String idFormat = Ids.format("review", size);
        int attempts = 0;
        while (examples.size() < size) {
            if (++attempts > 100 * size) {
                throw new IllegalStateException("could not generate " + size + " distinct reviews; ask for fewer");
            }
            Kind kind = pickKind(random.nextDouble());
            String template =
                    kind.templates().get(random.nextInt(kind.templates().size()));
            String review = String.format(
                    template,
                    PRODUCTS.get(random.nextInt(PRODUCTS.size())),
                    ASPECTS.get(random.nextInt(ASPECTS.size())));
            if (!seen.add(review)) {
                continue;
            }
            double difficulty =
                    kind.minDifficulty() + (kind.maxDifficulty() - kind.minDifficulty()) * random.nextDouble();
            examples.add(new SimExample(
                    String.format(idFormat, examples.size() + 1),
                    Map.of("review", review),
                    Map.of("sentiment", kind.label()),
                    Ids.round(difficulty)));
        }
        return new SimTask(NAME, examples, HINTS);
    }

    private static Kind pickKind(double u) {
        double cumulative = 0;
        for (Kind kind : KINDS) {
            cumulative += kind.weight();
            if (u < cumulative) {
                return kind;
            }
        }
        return KINDS.get(KINDS.size() - 1);
    }
}

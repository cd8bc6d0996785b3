package dev.dspj.samples.docs;

import dev.dspj.annotations.Tool;
import dev.dspj.annotations.ToolParam;

// snippet:tool-class
/** Unit conversions a model may call. */
public class Converter {

    /** Converts degrees Celsius to degrees Fahrenheit. */
    @Tool
    public double celsiusToFahrenheit(@ToolParam("degrees Celsius") double celsius) {
        return celsius * 9 / 5 + 32;
    }

    @Tool(name = "km_to_miles", value = "Converts kilometres to miles.")
    public double kilometresToMiles(double km) {
        return km / 1.609344;
    }
}
// end-snippet

using Evaluation.Shared.Respondents;

namespace Evaluation.Tests.Domain;

public class ReceiptTests
{
    [Fact]
    public void New_numbers_are_twelve_symbols_that_validate()
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = Receipt.NewNumber();
            Assert.Equal(12, number.Length);
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", number);
            Assert.True(Receipt.TryNormalize(number, out var normalized));
            Assert.Equal(number, normalized);
        }
    }

    [Fact]
    public void Numbers_drawn_from_a_seed_are_valid_and_the_same_for_the_same_seed()
    {
        var (first, second, other) = (new Random(20230731), new Random(20230731), new Random(7));
        var numbers = Enumerable.Range(0, 1000).Select(_ => Receipt.NewNumber(first)).ToList();

        Assert.Equal(numbers, Enumerable.Range(0, 1000).Select(_ => Receipt.NewNumber(second)));
        Assert.NotEqual(numbers, Enumerable.Range(0, 1000).Select(_ => Receipt.NewNumber(other)));
        Assert.Equal(1000, numbers.Distinct().Count());
        Assert.All(numbers, number =>
        {
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", number);
            Assert.True(Receipt.TryNormalize(number, out var normalized));
            Assert.Equal(number, normalized);
        });
    }

    [Fact]
    public void New_numbers_do_not_repeat()
    {
        var numbers = Enumerable.Range(0, 100_000).Select(_ => Receipt.NewNumber()).ToHashSet();
        Assert.Equal(100_000, numbers.Count);
    }

    [Fact]
    public void Numbers_are_read_as_people_type_them()
    {
        var number = Receipt.NewNumber();
        var formatted = Receipt.Format(number);
        Assert.Matches("^.{4}-.{4}-.{4}$", formatted);
        Assert.True(Receipt.TryNormalize(formatted.ToLowerInvariant(), out var fromLower));
        Assert.Equal(number, fromLower);
        Assert.True(Receipt.TryNormalize($"  {formatted.Replace("-", " ")} ", out var fromSpaces));
        Assert.Equal(number, fromSpaces);
        // Full-width characters typed with a Chinese input method.
        var fullWidth = string.Concat(formatted.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c));
        Assert.True(Receipt.TryNormalize(fullWidth, out var fromFullWidth));
        Assert.Equal(number, fromFullWidth);
    }

    [Fact]
    public void Letters_that_look_like_digits_are_read_as_the_digits()
    {
        // Find a number containing 0 and 1, then type O and I/L for them.
        string number;
        do number = Receipt.NewNumber(); while (!number.Contains('0') || !number.Contains('1'));
        var typed = number.Replace('0', 'O').Replace('1', 'l');
        Assert.True(Receipt.TryNormalize(typed, out var normalized));
        Assert.Equal(number, normalized);
    }

    [Fact]
    public void Any_single_mistyped_symbol_is_caught_by_the_check_symbol()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var number = Receipt.NewNumber();
        for (var position = 0; position < number.Length; position++)
        {
            foreach (var symbol in alphabet.Where(s => s != number[position]))
            {
                var typo = number[..position] + symbol + number[(position + 1)..];
                Assert.False(Receipt.TryNormalize(typo, out _), $"{typo} should not validate");
            }
        }
    }

    [Fact]
    public void Swapped_neighbours_are_caught_by_the_check_symbol()
    {
        var caught = 0;
        var swaps = 0;
        for (var i = 0; i < 200; i++)
        {
            var number = Receipt.NewNumber();
            for (var p = 0; p < number.Length - 1; p++)
            {
                if (number[p] == number[p + 1]) continue;
                swaps++;
                var swapped = number[..p] + number[p + 1] + number[p] + number[(p + 2)..];
                if (!Receipt.TryNormalize(swapped, out _)) caught++;
            }
        }
        // Luhn mod N misses only the swap of the two symbols whose values differ by N/2.
        Assert.True(caught >= swaps * 0.95, $"caught {caught} of {swaps} swaps");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ABC")]
    [InlineData("ABCD-EFGH-JKMN-P")]
    [InlineData("ABCD-EFGH-JKU0")]
    [InlineData("<script>1234")]
    public void Malformed_input_is_refused(string input) => Assert.False(Receipt.TryNormalize(input, out _));
}

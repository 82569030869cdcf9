#!/usr/bin/env perl
# Copies stdin (the JVM's stderr) to stderr, less the libtorch warnings a citra user cannot act on:
# "Could not initialize NNPACK! Reason: Unsupported hardware." (once per thread on CPUs NNPACK does
# not support; PyTorch then uses its other convolutions) and DJL's use of a deprecated dispatch mode.
# libtorch writes them to file descriptor 2 itself, and its C++ log level cannot be set through DJL
# (TORCH_CPP_LOG_LEVEL is only read by Python's torch), so the launcher filters them here.
# Everything else passes at once, progress bars' carriage returns included: only a line that starts
# like a libtorch log line ("[W1130 03:11:18.03 file.cpp:62] ...") waits for its end.
use strict;
use warnings;

my $drop = qr/Could not initialize NNPACK|AutoNonVariableTypeMode is deprecated/;
my $buf = '';
my $at_line_start = 1;
$| = 1;
$SIG{INT} = "IGNORE"; # on Ctrl-C, keep passing what java prints while it stops
while (sysread(STDIN, my $chunk, 65536)) {
    $buf .= $chunk;
    while (length $buf) {
        if ($at_line_start && $buf =~ /^\[[IWEF](\d|$)/) {
            my $end = index($buf, "\n");
            last if $end < 0;
            my $line = substr($buf, 0, $end + 1, '');
            print STDERR $line unless $line =~ $drop;
        } elsif ($at_line_start && $buf eq '[') {
            last;
        } elsif ($buf =~ /^([^\n\r]*[\n\r])/) {
            print STDERR $1;
            substr($buf, 0, length $1, '');
            $at_line_start = 1;
        } else {
            print STDERR $buf;
            $buf = '';
            $at_line_start = 0;
        }
    }
}
print STDERR $buf;

/* Labelled speech from espeak-ng native voices through its C API (the CLI cannot time native voices).
   usage: espeak_labels <voice> <rate wpm> <pitch 0-99> <text-file> <out-dir>
   For line i of the text file writes <out-dir>/<i>.raw (s16 mono at the voice's rate, 22050 Hz) and
   <out-dir>/<i>.ipa ("<start ms>\t<IPA phoneme>" lines, then "<end ms>\tEND"). */
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static FILE *raw, *ipa;
static long samples;

static int on_synth(short *wav, int count, espeak_EVENT *events) {
    if (wav && count > 0) { fwrite(wav, sizeof(short), count, raw); samples += count; }
    for (; events->type != espeakEVENT_LIST_TERMINATED; events++) {
        if (events->type == espeakEVENT_PHONEME) {
            char name[9] = {0};
            memcpy(name, events->id.string, 8);
            fprintf(ipa, "%d\t%s\n", events->audio_position, name);
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 6) { fprintf(stderr, "usage: espeak_labels voice rate pitch text-file out-dir\n"); return 2; }
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_PHONEME_IPA);
    if (rate <= 0 || espeak_SetVoiceByName(argv[1]) != EE_OK) { fprintf(stderr, "bad voice %s\n", argv[1]); return 1; }
    espeak_SetSynthCallback(on_synth);
    espeak_SetParameter(espeakRATE, atoi(argv[2]), 0);
    espeak_SetParameter(espeakPITCH, atoi(argv[3]), 0);
    FILE *text = fopen(argv[4], "r");
    char line[4096], path[4096];
    for (int i = 0; text && fgets(line, sizeof line, text); i++) {
        line[strcspn(line, "\n")] = 0;
        snprintf(path, sizeof path, "%s/%d.raw", argv[5], i); raw = fopen(path, "wb");
        snprintf(path, sizeof path, "%s/%d.ipa", argv[5], i); ipa = fopen(path, "w");
        samples = 0;
        espeak_Synth(line, strlen(line) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
        espeak_Synchronize();
        fprintf(ipa, "%ld\tEND\n", samples * 1000 / rate);
        fclose(raw); fclose(ipa);
    }
    printf("%d\n", rate);
    return 0;
}

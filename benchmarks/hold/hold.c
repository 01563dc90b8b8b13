/* Hold-model benchmark, C reference for Cascade's SimKernel (see ../README.md).
 *
 * A plain binary min-heap ordered by (time, key), key = priority << 56 | sequence, exactly the order
 * Sources/SimKernel/EventQueue.swift keeps; entries move through a hole rather than by swapping. Keeps
 * PENDING events scheduled; repeatedly pops the earliest and pushes one at its time + Exponential(mean 1),
 * drawn with gsl_ran_exponential from one mt19937 generator, in the same order as runHoldModel().
 *
 *   cc -O3 hold.c $(pkg-config --cflags --libs gsl) -o ../bin/hold_c
 *   ../bin/hold_c [events=10000000] [pending=1000] [seed=42]
 *
 * Prints: events=N seconds=S events_per_second=E final_time=T
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    double time;
    uint64_t key;     /* priority in the top 8 bits, sequence in the low 56 */
    int32_t payload;
} entry;

static entry *heap;
static size_t count;

static inline int precedes(const entry *a, const entry *b) {
    return a->time < b->time || (a->time == b->time && a->key < b->key);
}

static inline void push(entry e) {
    size_t hole = count++;
    while (hole > 0) {
        size_t parent = (hole - 1) >> 1;
        if (!precedes(&e, &heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = e;
}

static inline entry pop(void) {
    entry top = heap[0];
    entry last = heap[--count];
    size_t n = count, hole = 0;
    if (n == 0) return top;
    for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= n) break;
        if (child + 1 < n && precedes(&heap[child + 1], &heap[child])) child++;
        if (!precedes(&heap[child], &last)) break;
        heap[hole] = heap[child];
        hole = child;
    }
    heap[hole] = last;
    return top;
}

int main(int argc, char **argv) {
    long events = argc > 1 ? atol(argv[1]) : 10000000L;
    long pending = argc > 2 ? atol(argv[2]) : 1000L;
    unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 10) : 42UL;
    if (events < 0 || pending <= 0) {
        fprintf(stderr, "hold_c: need events >= 0 and pending > 0, got %ld %ld\n", events, pending);
        return 2;
    }
    const uint64_t action = 2; /* EventPriority.action */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    heap = malloc((size_t)pending * sizeof(entry));
    if (!heap || !r) { fprintf(stderr, "hold_c: out of memory\n"); return 1; }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t sequence = 0;
    double now = 0;
    for (long i = 0; i < pending; i++) {
        entry e = { now + gsl_ran_exponential(r, 1.0), (action << 56) | sequence++, (int32_t)i };
        push(e);
    }
    long fired = 0;
    while (fired < events && count > 0) {
        entry e = pop();
        now = e.time;
        entry next = { now + gsl_ran_exponential(r, 1.0), (action << 56) | sequence++, e.payload };
        push(next);
        fired++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("events=%ld seconds=%.6f events_per_second=%.0f final_time=%.17g\n",
           fired, seconds, seconds > 0 ? (double)fired / seconds : 0.0, now);
    free(heap);
    gsl_rng_free(r);
    return 0;
}

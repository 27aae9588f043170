/**
 * Words for the synthetic records: COCO-style captions, edited objects by category, editing
 * prompts in the voice of the paper's VLM (Qwen2.5-VL) and its quality reasons (paper §3,
 * Appendix B). The categories are the ones Figure 3(a) names most often: food, vehicle, person,
 * animal, sign, furniture, nature, plus electronics.
 */
import type { RGB } from './raster.js';

/** Edited-object category → objects (COCO names where COCO has one). */
export const OBJECTS = {
  food: ['pizza', 'sandwich', 'cake', 'donut', 'banana', 'broccoli', 'hot dog', 'apple', 'orange', 'bowl of soup'],
  vehicle: ['bus', 'car', 'truck', 'motorcycle', 'bicycle', 'train', 'boat', 'airplane'],
  person: ['man', 'woman', 'child', 'skier', 'surfer', 'tennis player', 'skateboarder'],
  animal: ['dog', 'cat', 'horse', 'giraffe', 'zebra', 'bird', 'elephant', 'sheep', 'cow'],
  sign: ['stop sign', 'street sign', 'traffic light', 'parking meter', 'fire hydrant'],
  furniture: ['chair', 'couch', 'bed', 'dining table', 'bench', 'potted plant'],
  nature: ['tree', 'bunch of flowers', 'bush', 'rock', 'cloud', 'patch of grass'],
  electronics: ['laptop', 'tv', 'cell phone', 'keyboard', 'remote'],
} as const;

/** An edited-object category. */
export type Category = keyof typeof OBJECTS;

/** Named colours an attribute edit may ask for, with the RGB the procedural edit paints. */
export const COLOURS: readonly (readonly [string, RGB])[] = [
  ['red', [200, 40, 40]],
  ['bright yellow', [245, 215, 60]],
  ['dark blue', [30, 50, 130]],
  ['green', [60, 150, 70]],
  ['white', [235, 235, 235]],
  ['black', [30, 30, 30]],
  ['orange', [240, 140, 40]],
  ['purple', [120, 60, 150]],
  ['pink', [235, 140, 170]],
];

/** Looks an attribute edit may ask for, by category. */
export const STYLES: Record<Category, readonly string[]> = {
  food: ['burnt', 'frosted', 'fresh', 'shiny'],
  vehicle: ['rusty', 'shiny', 'old and worn', 'snow-covered', 'metallic'],
  person: ['older', 'wet from the rain', 'sunburnt'],
  animal: ['fluffy', 'wet', 'spotted', 'striped'],
  sign: ['faded', 'rusty', 'old and worn'],
  furniture: ['wooden', 'metallic', 'old and worn', 'striped'],
  nature: ['snow-covered', 'autumn-colored', 'dry'],
  electronics: ['metallic', 'old and worn', 'shiny'],
};

/** Typical colours of each category, for the texture an added or restyled object gets. */
export const CATEGORY_PALETTES: Record<Category, readonly (readonly [RGB, RGB])[]> = {
  food: [
    [[240, 190, 90], [170, 80, 30]],
    [[250, 230, 170], [200, 120, 60]],
    [[120, 180, 60], [40, 90, 30]],
  ],
  vehicle: [
    [[220, 60, 50], [90, 20, 20]],
    [[80, 120, 200], [20, 40, 90]],
    [[210, 210, 215], [90, 90, 100]],
  ],
  person: [
    [[240, 200, 170], [150, 100, 80]],
    [[90, 110, 160], [30, 35, 60]],
    [[200, 80, 90], [90, 30, 40]],
  ],
  animal: [
    [[190, 140, 90], [80, 50, 30]],
    [[230, 230, 225], [40, 40, 40]],
    [[160, 160, 150], [70, 70, 65]],
  ],
  sign: [
    [[230, 40, 40], [250, 250, 250]],
    [[40, 130, 60], [240, 240, 240]],
    [[250, 200, 30], [40, 40, 40]],
  ],
  furniture: [
    [[170, 120, 70], [90, 55, 30]],
    [[120, 120, 130], [50, 50, 60]],
    [[200, 180, 150], [120, 100, 80]],
  ],
  nature: [
    [[100, 170, 70], [30, 80, 30]],
    [[230, 120, 170], [120, 160, 60]],
    [[150, 150, 150], [90, 85, 80]],
  ],
  electronics: [
    [[70, 70, 80], [15, 15, 20]],
    [[190, 190, 200], [60, 60, 70]],
  ],
};

/**
 * Kinds of base scene, each with COCO-like captions, the categories usually edited in it, where
 * an added object goes and what a removed object is removed from.
 */
export const SCENES = {
  landscape: {
    captions: [
      'A herd of sheep grazing on a green hillside.',
      'A giraffe standing in a grassy field under a blue sky.',
      'Two horses standing in a pasture near a wooden fence.',
      'A man flying a kite on a wide open field.',
      'A group of people riding horses along the beach.',
      'An elephant walking across a dry savanna.',
      'A skier going down a snowy slope on a sunny day.',
    ],
    categories: [
      ['animal', 4],
      ['nature', 3],
      ['person', 2],
      ['vehicle', 1],
    ],
    placements: ['on the grass', 'in the background', 'on the hillside', 'in the foreground', 'next to the fence'],
    settings: ['field', 'hillside', 'landscape', 'picture'],
  },
  street: {
    captions: [
      'A red double decker bus driving down a city street.',
      'A stop sign on the corner of a quiet street.',
      'Cars parked along a street lined with tall buildings.',
      'A man riding a bike down a busy city street.',
      'A traffic light hanging over an intersection at dusk.',
      'A yellow taxi waiting at a crosswalk.',
    ],
    categories: [
      ['vehicle', 4],
      ['sign', 3],
      ['person', 3],
      ['animal', 1],
    ],
    placements: ['on the road', 'parked by the curb', 'on the sidewalk', 'at the street corner', 'in front of the building'],
    settings: ['street', 'road', 'sidewalk', 'picture'],
  },
  table: {
    captions: [
      'A plate of food with broccoli, rice and chicken.',
      'A pizza with pepperoni and cheese on a wooden table.',
      'A sandwich and a cup of coffee on a checkered tablecloth.',
      'A bowl of fruit with bananas and oranges.',
      'A birthday cake with candles sitting on a table.',
      'Two donuts on a white plate next to a mug.',
    ],
    categories: [
      ['food', 6],
      ['electronics', 1],
    ],
    placements: ['on the table', 'on the plate', 'next to the cup', 'on the tablecloth'],
    settings: ['plate', 'table', 'tray'],
  },
  room: {
    captions: [
      'A living room with a couch, a coffee table and a television.',
      'A cat sleeping on a bed next to a window.',
      'A kitchen with a dining table and four chairs.',
      'A laptop computer sitting on a desk in an office.',
      'A woman sitting on a couch holding a remote.',
      'A small dog lying on the floor of a living room.',
    ],
    categories: [
      ['furniture', 4],
      ['electronics', 2],
      ['person', 2],
      ['animal', 2],
      ['food', 1],
    ],
    placements: ['in the corner of the room', 'on the floor', 'near the window', 'against the wall', 'next to the couch'],
    settings: ['room', 'living room', 'kitchen', 'picture'],
  },
  marble: {
    captions: [
      'A close up of a colorful umbrella in the rain.',
      'A blurry photo of people walking in a park.',
      'A view of a garden with flowers and trees.',
      'A painting of a boat on a lake at sunset.',
    ],
    categories: [
      ['nature', 3],
      ['food', 2],
      ['animal', 2],
      ['person', 2],
      ['vehicle', 1],
    ],
    placements: ['in the center of the image', 'in the foreground', 'on the left', 'in the background'],
    settings: ['scene', 'picture', 'image'],
  },
} as const satisfies Record<
  string,
  { captions: readonly string[]; categories: readonly (readonly [Category, number])[]; placements: readonly string[]; settings: readonly string[] }
>;

/** A kind of base scene. */
export type SceneKind = keyof typeof SCENES;

/** Quality reasons by score, in the VLM's one-sentence style (`{o}` is the edited object). */
export const QUALITY_REASONS: Record<number, readonly string[]> = {
  5: [
    'the {o} blends naturally with the scene and the lighting is consistent',
    'the edited {o} looks realistic and fits the context of the image',
  ],
  4: [
    'the {o} looks plausible but its edges are slightly soft',
    'the scene is natural overall although the {o} is a little too smooth',
  ],
  3: [
    'the {o} is recognizable but its texture looks somewhat artificial',
    'the {o} fits the scene but its shading does not match the light source',
  ],
  2: [
    'the {o} has visible artifacts and does not match the surrounding perspective',
    'the region around the {o} is smeared and looks unnatural',
  ],
  1: [
    'the {o} appears as an incomplete fragment, making the image very unnatural',
    'the {o} is distorted beyond recognition and clashes with the scene',
  ],
};

/** "a" or "an", by the sound COCO object names start with. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

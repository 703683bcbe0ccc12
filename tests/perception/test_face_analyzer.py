from collections.abc import Callable

import cv2
import numpy as np
import pytest

from moodplayer.moods import Mood
from moodplayer.paths import app_paths
from moodplayer.perception.classifiers import BundledClassifier
from moodplayer.perception.face_analyzer import (
    FaceAnalyzer,
    FoundFace,
    create_face_analyzer,
)
from moodplayer.perception.model_catalog import ModelUnavailable
from moodplayer.perception.readings import FaceBox
from moodplayer.perception.synthetic_video import background, compose_frame, load_test_face
from moodplayer.settings import RecognitionSettings
from tests.perception.model_fixtures import (
    ASTRONAUT_FACE_CENTRE,
    astronaut_photo,
    block_network,
    use_app_deepface_home,
)


@pytest.fixture(scope="module")
def classifier() -> BundledClassifier:
    return BundledClassifier()


@pytest.fixture
def analyzer(classifier: BundledClassifier) -> FaceAnalyzer:
    return FaceAnalyzer(classifier, redetect_every=1)


class FakeDetector:
    """Reports the faces it is told to, and counts the images it was shown."""

    name = "fake"

    def __init__(self, faces: list[FoundFace]) -> None:
        self.faces = faces
        self.shapes: list[tuple[int, ...]] = []

    def detect(self, image: np.ndarray) -> list[FoundFace]:
        self.shapes.append(image.shape)
        return list(self.faces)


def contains(box: FaceBox, point: tuple[int, int]) -> bool:
    return box.x <= point[0] <= box.x + box.width and box.y <= point[1] <= box.y + box.height


def test_the_full_analyser_reads_the_astronaut_photo_as_happy(analyzer: FaceAnalyzer) -> None:
    readings = analyzer.analyze(astronaut_photo())
    assert len(readings) == 1
    reading = readings[0]
    assert reading.primary
    assert reading.dominant is Mood.HAPPY
    assert reading.probability(Mood.HAPPY) > 0.9
    assert contains(reading.box, ASTRONAUT_FACE_CENTRE)
    assert 0.0 < reading.face_confidence <= 1.0
    assert reading.classifier == "bundled"


def test_a_640x480_camera_frame_is_searched_small_and_boxed_at_full_size(
    classifier: BundledClassifier,
) -> None:
    frame = compose_frame(load_test_face())  # the face about 290 pixels high, centred
    small = FaceAnalyzer(classifier, detect_width=320, redetect_every=1).analyze(frame)
    full = FaceAnalyzer(classifier, detect_width=640, redetect_every=1).analyze(frame)
    assert len(small) == len(full) == 1
    assert small[0].dominant is Mood.HAPPY
    assert contains(small[0].box, (320, 240))
    for edge in ("x", "y", "width", "height"):
        assert getattr(small[0].box, edge) == pytest.approx(getattr(full[0].box, edge), abs=12)


def test_a_frame_without_a_face_gives_no_reading(analyzer: FaceAnalyzer) -> None:
    assert analyzer.analyze(background()) == []
    assert analyzer.analyze(astronaut_photo()[260:, :]) == []  # spacesuit, helmet, no face


def test_each_face_gets_a_reading_and_the_largest_is_primary(analyzer: FaceAnalyzer) -> None:
    face = load_test_face()
    frame = background().copy()
    frame[100:300, 20:220] = cv2.resize(face, (200, 200))
    frame[150:290, 380:520] = cv2.resize(face, (140, 140))
    readings = analyzer.analyze(frame)
    assert len(readings) == 2
    primary = [r for r in readings if r.primary]
    assert len(primary) == 1
    assert primary[0].box.area == max(r.box.area for r in readings)
    assert contains(primary[0].box, (120, 200))
    assert all(r.dominant is Mood.HAPPY for r in readings)


def test_a_face_that_fills_the_frame_is_found_by_looking_again_with_a_border(
    classifier: BundledClassifier,
) -> None:
    tight = cv2.resize(load_test_face()[42:119, 42:119], (300, 300))
    assert FaceAnalyzer(classifier, edge_padding=0.0).analyze(tight) == []
    readings = FaceAnalyzer(classifier).analyze(tight)
    assert len(readings) == 1
    assert readings[0].dominant is Mood.HAPPY
    box = readings[0].box
    assert box.x >= 0 and box.y >= 0 and box.x + box.width <= 300 and box.y + box.height <= 300


def test_alignment_can_be_switched_on_and_still_reads_the_face(
    classifier: BundledClassifier,
) -> None:
    readings = FaceAnalyzer(classifier, align=True).analyze(astronaut_photo())
    assert [r.dominant for r in readings] == [Mood.HAPPY]


def test_grey_frames_are_accepted_and_non_images_refused(analyzer: FaceAnalyzer) -> None:
    grey = cv2.cvtColor(astronaut_photo(), cv2.COLOR_BGR2GRAY)
    assert [r.dominant for r in analyzer.analyze(grey)] == [Mood.HAPPY]
    with pytest.raises(ValueError, match="must be an image"):
        analyzer.analyze(np.zeros(10, np.uint8))


def test_a_whole_frame_face_with_confidence_0_is_not_a_face(classifier: BundledClassifier) -> None:
    frame = background()
    whole = FoundFace(FaceBox(0, 0, 320, 240), 0.0)
    detector = FakeDetector([whole])
    assert FaceAnalyzer(classifier, detector=detector, redetect_every=1).analyze(frame) == []


def test_faces_below_the_minimum_confidence_are_ignored(classifier: BundledClassifier) -> None:
    detector = FakeDetector([FoundFace(FaceBox(10, 10, 50, 50), 0.4),
                             FoundFace(FaceBox(100, 20, 60, 60), 0.9)])
    analyzer = FaceAnalyzer(classifier, detector=detector, min_face_confidence=0.5,
                            detect_width=640, redetect_every=1)
    readings = analyzer.analyze(background())
    assert [(r.box, r.face_confidence) for r in readings] == [(FaceBox(100, 20, 60, 60), 0.9)]


def test_boxes_found_on_the_shrunk_frame_are_scaled_back_and_kept_inside_it(
    classifier: BundledClassifier,
) -> None:
    detector = FakeDetector([FoundFace(FaceBox(300, 200, 40, 60), 0.8)])
    analyzer = FaceAnalyzer(classifier, detector=detector, detect_width=320, edge_padding=0.0)
    readings = analyzer.analyze(background((640, 480)))
    assert detector.shapes == [(240, 320, 3)]
    assert readings[0].box == FaceBox(600, 400, 40, 80)  # (600, 400, 80, 120) cut at the edge


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def counting_analyzer(
    classifier: BundledClassifier, faces: list[FoundFace], **options: object
) -> tuple[FaceAnalyzer, FakeDetector, Clock]:
    detector = FakeDetector(faces)
    clock = Clock()
    analyzer = FaceAnalyzer(classifier, detector=detector, clock=clock, edge_padding=0.0,
                            **options)  # type: ignore[arg-type]
    return analyzer, detector, clock


def run_frames(analyzer: FaceAnalyzer, count: int, step: Callable[[], None] | None = None,
               frame: np.ndarray | None = None) -> None:
    for _ in range(count):
        analyzer.analyze(background() if frame is None else frame)
        if step:
            step()


def test_face_boxes_are_reused_between_detections(classifier: BundledClassifier) -> None:
    face = FoundFace(FaceBox(100, 80, 60, 60), 0.9)
    analyzer, detector, _ = counting_analyzer(classifier, [face], redetect_every=3)
    run_frames(analyzer, 7)
    assert len(detector.shapes) == 3  # frames 1, 4 and 7
    readings = analyzer.analyze(background())
    assert readings[0].box == FaceBox(200, 160, 120, 120)


def test_old_boxes_a_new_frame_size_or_a_reset_mean_detecting_again(
    classifier: BundledClassifier,
) -> None:
    face = FoundFace(FaceBox(100, 80, 60, 60), 0.9)
    analyzer, detector, clock = counting_analyzer(classifier, [face], redetect_every=10,
                                                  max_box_age=0.25)

    def slow() -> None:
        clock.now += 0.3

    run_frames(analyzer, 3, step=slow)
    assert len(detector.shapes) == 3
    run_frames(analyzer, 1, frame=background((800, 600)))
    assert len(detector.shapes) == 4
    analyzer.reset()
    run_frames(analyzer, 1, frame=background((800, 600)))
    assert len(detector.shapes) == 5


def test_without_a_face_every_frame_is_searched(classifier: BundledClassifier) -> None:
    analyzer, detector, _ = counting_analyzer(classifier, [], redetect_every=5)
    run_frames(analyzer, 4)
    assert len(detector.shapes) == 4


def test_the_settings_build_an_analyser_with_the_bundled_model_and_opencv(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_app_deepface_home(monkeypatch)
    analyzer = create_face_analyzer(RecognitionSettings(), app_paths())
    assert analyzer.classifier.name == "bundled"
    assert analyzer.detector.name == "opencv"
    assert analyzer.detect_width == RecognitionSettings().detect_width
    assert [r.dominant for r in analyzer.analyze(astronaut_photo())] == [Mood.HAPPY]


def test_a_detector_whose_weights_are_absent_is_refused_without_a_download(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weights = use_app_deepface_home(monkeypatch)
    attempts = block_network(monkeypatch)
    settings = RecognitionSettings(detector_backend="yunet")
    with pytest.raises(ModelUnavailable, match="opencv detector works offline"):
        create_face_analyzer(settings, app_paths())
    assert attempts == []
    assert not weights.exists() or not any(weights.iterdir())
